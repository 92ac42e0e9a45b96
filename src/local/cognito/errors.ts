// Cognito's error vocabulary. Clients branch on `__type` (Amplify turns it into
// the error's `name`, the AWS SDK into the exception class), so the names must be
// exactly Cognito's. Every one of them is a 400: a 5xx makes Amplify and the
// SDK retry, which only hides the real problem.

export type CognitoErrorType =
  | 'AliasExistsException'
  | 'CodeMismatchException'
  | 'ExpiredCodeException'
  | 'GroupExistsException'
  | 'InternalErrorException'
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'LimitExceededException'
  | 'NotAuthorizedException'
  | 'PasswordResetRequiredException'
  | 'ResourceNotFoundException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'UnsupportedTokenTypeException'
  | 'UnsupportedUserStateException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UsernameExistsException';

export class CognitoError extends Error {
  readonly type: CognitoErrorType;
  readonly status: number;
  constructor(type: CognitoErrorType, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

export function isCognitoError(err: unknown): err is CognitoError {
  return err instanceof CognitoError;
}

export const errors = {
  notAuthorized: (message = 'Incorrect username or password.') => new CognitoError('NotAuthorizedException', message),
  userNotFound: (message = 'User does not exist.') => new CognitoError('UserNotFoundException', message),
  userNotConfirmed: () => new CognitoError('UserNotConfirmedException', 'User is not confirmed.'),
  usernameExists: () => new CognitoError('UsernameExistsException', 'User already exists'),
  codeMismatch: () => new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.'),
  expiredCode: () => new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  invalidPassword: (reason: string) =>
    new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${reason}`),
  invalidParameter: (message: string) => new CognitoError('InvalidParameterException', message),
  limitExceeded: () => new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
  passwordResetRequired: () => new CognitoError('PasswordResetRequiredException', 'Password reset required for the user'),
  resourceNotFound: (message: string) => new CognitoError('ResourceNotFoundException', message),
  groupExists: (name: string) => new CognitoError('GroupExistsException', `A group with the name ${name} already exists.`),
  unsupportedUserState: (message: string) => new CognitoError('UnsupportedUserStateException', message),
  serialization: (message: string) => new CognitoError('SerializationException', message),
  unknownOperation: (message: string) => new CognitoError('UnknownOperationException', message),
  /** Only for genuine bugs in this service: it is the one error that is a 500. */
  internal: (message = 'Internal error in the local Cognito service; see its log') =>
    new CognitoError('InternalErrorException', message, 500),
};

/** The body Cognito sends for an error; `__type` is what every client reads. */
export function errorBody(err: CognitoError): { __type: CognitoErrorType; message: string } {
  return { __type: err.type, message: err.message };
}
