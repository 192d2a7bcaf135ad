export { ForgePlatform, type PlatformOptions, type PlatformSnapshot } from './platform';
export { VirtualClock, installVirtualDate, RealDate, type Clock } from './clock';
export { realFetch } from './forge-globals';
export type { StandInRoute } from './egress';
export type { ProductEvent } from './product-events';
export type { InvocationRecord } from './invocation-log';
