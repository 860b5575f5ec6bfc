declare const __FLIGHTDECK_VERSION__: string | undefined;

/** The version string baked in at build time (falls back for tsx/vitest runs). */
export const VERSION: string =
  typeof __FLIGHTDECK_VERSION__ === 'string' ? __FLIGHTDECK_VERSION__ : '0.0.0-dev';
