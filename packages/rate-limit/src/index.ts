export { createFailedAttemptGuard, type FailedAttemptGuard } from "./failed-attempt-guard.ts";
export { rateLimitSetting } from "./rate-limit-rule-setting.ts";
export {
  createRateLimiter,
  tooManyRequestsHeaders,
  type RateLimiter,
  type RateLimitRule,
  type RateLimitVerdict,
} from "./rate-limiter.ts";
export { resolveClientAddress, trustedProxyHopsSetting, type ClientAddressSources } from "./resolve-client-address.ts";
