// AppSync real-time subscriptions for the local cloud: see realtime-endpoint.ts.
export { createRealtimeEndpoint, type RealtimeEndpoint, type RealtimeEndpointOptions, type RealtimeStats } from './realtime-endpoint.js';
export { REALTIME_LIMITS, REALTIME_PATH_SUFFIX, SUBPROTOCOL, type RealtimeError } from './protocol.js';
export { checkSubscriptionFilter, matchesFilter, toSubscriptionFilter, FILTER_LIMITS, SubscriptionFilterError, type SubscriptionFilter } from './subscription-filter.js';
