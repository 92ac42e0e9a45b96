// The operations this pool answers, by their X-Amz-Target name.
import type { Action } from '../context.js';
import { adminAddUserToGroup } from './adminAddUserToGroup.js';
import { adminConfirmSignUp } from './adminConfirmSignUp.js';
import { adminCreateUser } from './adminCreateUser.js';
import { adminDeleteUser } from './adminDeleteUser.js';
import { adminDeleteUserAttributes } from './adminDeleteUserAttributes.js';
import { adminDisableUser } from './adminDisableUser.js';
import { adminEnableUser } from './adminEnableUser.js';
import { adminGetUser } from './adminGetUser.js';
import { adminInitiateAuth } from './adminInitiateAuth.js';
import { adminListGroupsForUser } from './adminListGroupsForUser.js';
import { adminRemoveUserFromGroup } from './adminRemoveUserFromGroup.js';
import { adminResetUserPassword } from './adminResetUserPassword.js';
import { adminRespondToAuthChallenge } from './adminRespondToAuthChallenge.js';
import { adminSetUserPassword } from './adminSetUserPassword.js';
import { adminUpdateUserAttributes } from './adminUpdateUserAttributes.js';
import { adminUserGlobalSignOut } from './adminUserGlobalSignOut.js';
import { changePassword } from './changePassword.js';
import { confirmForgotPassword } from './confirmForgotPassword.js';
import { confirmSignUp } from './confirmSignUp.js';
import { createGroup } from './createGroup.js';
import { deleteGroup } from './deleteGroup.js';
import { deleteUser } from './deleteUser.js';
import { describeUserPool } from './describeUserPool.js';
import { describeUserPoolClient } from './describeUserPoolClient.js';
import { forgotPassword } from './forgotPassword.js';
import { getGroup } from './getGroup.js';
import { getTokensFromRefreshToken } from './getTokensFromRefreshToken.js';
import { getUser } from './getUser.js';
import { getUserAttributeVerificationCode } from './getUserAttributeVerificationCode.js';
import { globalSignOut } from './globalSignOut.js';
import { initiateAuth } from './initiateAuth.js';
import { listGroups } from './listGroups.js';
import { listUserPoolClients } from './listUserPoolClients.js';
import { listUserPools } from './listUserPools.js';
import { listUsers } from './listUsers.js';
import { listUsersInGroup } from './listUsersInGroup.js';
import { resendConfirmationCode } from './resendConfirmationCode.js';
import { respondToAuthChallenge } from './respondToAuthChallenge.js';
import { revokeToken } from './revokeToken.js';
import { signUp } from './signUp.js';
import { updateGroup } from './updateGroup.js';
import { updateUserAttributes } from './updateUserAttributes.js';
import { verifyUserAttribute } from './verifyUserAttribute.js';

export const actions: Record<string, Action> = {
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminConfirmSignUp: adminConfirmSignUp,
  AdminCreateUser: adminCreateUser,
  AdminDeleteUser: adminDeleteUser,
  AdminDeleteUserAttributes: adminDeleteUserAttributes,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  AdminGetUser: adminGetUser,
  AdminInitiateAuth: adminInitiateAuth,
  AdminListGroupsForUser: adminListGroupsForUser,
  AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
  AdminResetUserPassword: adminResetUserPassword,
  AdminRespondToAuthChallenge: adminRespondToAuthChallenge,
  AdminSetUserPassword: adminSetUserPassword,
  AdminUpdateUserAttributes: adminUpdateUserAttributes,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  ChangePassword: changePassword,
  ConfirmForgotPassword: confirmForgotPassword,
  ConfirmSignUp: confirmSignUp,
  CreateGroup: createGroup,
  DeleteGroup: deleteGroup,
  DeleteUser: deleteUser,
  DescribeUserPool: describeUserPool,
  DescribeUserPoolClient: describeUserPoolClient,
  ForgotPassword: forgotPassword,
  GetGroup: getGroup,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
  GetUser: getUser,
  GetUserAttributeVerificationCode: getUserAttributeVerificationCode,
  GlobalSignOut: globalSignOut,
  InitiateAuth: initiateAuth,
  ListGroups: listGroups,
  ListUserPoolClients: listUserPoolClients,
  ListUserPools: listUserPools,
  ListUsers: listUsers,
  ListUsersInGroup: listUsersInGroup,
  ResendConfirmationCode: resendConfirmationCode,
  RespondToAuthChallenge: respondToAuthChallenge,
  RevokeToken: revokeToken,
  SignUp: signUp,
  UpdateGroup: updateGroup,
  UpdateUserAttributes: updateUserAttributes,
  VerifyUserAttribute: verifyUserAttribute,
};
