// Reading MCP bundles (zip): a subpath of its own, so browser bundles of the catalog never pull in the zip reader.
export { BundleError, DEFAULT_BUNDLE_LIMITS, DEFAULT_MAX_BUNDLE_BYTES, openBundle, readBundle } from "./read-bundle.ts";
export type {
  BundleContents,
  BundleEntry,
  BundleFile,
  BundleLimits,
  BundleSource,
  OpenedBundle,
  ReadBundle,
} from "./read-bundle.ts";
export { describeBundleUrl } from "./describe-bundle-url.ts";
