// The Wild Rydes client SDK: typed calls over Amplify's auth and GraphQL clients. Runs in browsers
// and in Node; Node-only helpers (file token storage, WebSocket, trusting a local CA) are in ./node.

export { createClient, type CreateClientOptions, type WildRydesClient } from './create-client.js';
export { toResourcesConfig } from './config.js';
export { memoryTokenStorage } from './token-storage.js';

export { signUp, confirmSignUp, resendSignUpCode, signIn, signOut } from './auth.js';
export { currentUser, isInGroup, type Group, type SignedInUser } from './current-user.js';

export { requestRide, myRides, getRide, listRides, cancelRide, type Ride, type RideDetails } from './rides.js';
export { dispatchBoard, ridesForDispatch, getRideForDispatch, ridesOfRider, dispatchRide, setRideStatus, type DispatchedRide } from './dispatch.js';
export { zoneOf, boardKey, ZONE_PRECISION, InvalidLocationError } from './zones.js';
export { listUnicorns, getUnicorn, createUnicorn, updateUnicorn, setUnicornAvailability, deleteUnicorn, type Unicorn } from './fleet.js';
export {
  createMyProfile,
  getMyProfile,
  updateMyProfile,
  deleteMyProfile,
  getRiderProfile,
  updateRiderProfile,
  deleteRiderProfile,
  listRiderProfiles,
  type RiderProfile,
} from './profiles.js';
export { onRideRequested, onRideUpdated, onRideCancelled } from './ride-events.js';
export { onUnicornAdded, onUnicornUpdated, onUnicornRemoved } from './unicorn-events.js';

export { runOperation } from './run-operation.js';
export { subscribe, type LiveSubscription } from './subscribe.js';
export { allItems, type Page } from './paging.js';
export {
  WildRydesError,
  NotSignedInError,
  NotAuthorizedError,
  ValidationError,
  ConflictError,
  NetworkError,
  ApiError,
  AuthError,
  ConfigurationError,
  type ApiErrorDetail,
  type WildRydesErrorKind,
} from './errors.js';
export type { LocationInput, RideStatus } from '../generated/graphql.js';
