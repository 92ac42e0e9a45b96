// The operations this pool answers, by their X-Amz-Target name.
import type { Action } from '../context.js';
import { adminAddUserToGroup } from './adminAddUserToGroup.js';
import { adminConfirmSignUp } from './adminConfirmSignUp.js';
import { adminCreateUser } from './adminCreateUser.js';
import { adminDeleteUser } from './adminDeleteUser.js';
import { adminDisableUser } from './adminDisableUser.js';
import { adminEnableUser } from './adminEnableUser.js';
import { adminGetUser } from './adminGetUser.js';
import { adminListGroupsForUser } from './adminListGroupsForUser.js';
import { adminRemoveUserFromGroup } from './adminRemoveUserFromGroup.js';
import { adminSetUserPassword } from './adminSetUserPassword.js';
import { adminUserGlobalSignOut } from './adminUserGlobalSignOut.js';
import { changePassword } from './changePassword.js';
import { confirmForgotPassword } from './confirmForgotPassword.js';
import { confirmSignUp } from './confirmSignUp.js';
import { createGroup } from './createGroup.js';
import { deleteUser } from './deleteUser.js';
import { forgotPassword } from './forgotPassword.js';
import { getTokensFromRefreshToken } from './getTokensFromRefreshToken.js';
import { getUser } from './getUser.js';
import { getUserAttributeVerificationCode } from './getUserAttributeVerificationCode.js';
import { globalSignOut } from './globalSignOut.js';
import { initiateAuth } from './initiateAuth.js';
import { listGroups } from './listGroups.js';
import { listUsers } from './listUsers.js';
import { resendConfirmationCode } from './resendConfirmationCode.js';
import { respondToAuthChallenge } from './respondToAuthChallenge.js';
import { revokeToken } from './revokeToken.js';
import { signUp } from './signUp.js';
import { updateUserAttributes } from './updateUserAttributes.js';
import { verifyUserAttribute } from './verifyUserAttribute.js';

export const actions: Record<string, Action> = {
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminConfirmSignUp: adminConfirmSignUp,
  AdminCreateUser: adminCreateUser,
  AdminDeleteUser: adminDeleteUser,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  AdminGetUser: adminGetUser,
  AdminListGroupsForUser: adminListGroupsForUser,
  AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
  AdminSetUserPassword: adminSetUserPassword,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  ChangePassword: changePassword,
  ConfirmForgotPassword: confirmForgotPassword,
  ConfirmSignUp: confirmSignUp,
  CreateGroup: createGroup,
  DeleteUser: deleteUser,
  ForgotPassword: forgotPassword,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
  GetUser: getUser,
  GetUserAttributeVerificationCode: getUserAttributeVerificationCode,
  GlobalSignOut: globalSignOut,
  InitiateAuth: initiateAuth,
  ListGroups: listGroups,
  ListUsers: listUsers,
  ResendConfirmationCode: resendConfirmationCode,
  RespondToAuthChallenge: respondToAuthChallenge,
  RevokeToken: revokeToken,
  SignUp: signUp,
  UpdateUserAttributes: updateUserAttributes,
  VerifyUserAttribute: verifyUserAttribute,
};
