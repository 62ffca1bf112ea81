/**
 * Flags for Debian's Chromium on a closed network, shared by the vitest browser project and the web
 * demo's end-to-end tests: headless, WebGPU on SwiftShader, and no background traffic (without the
 * networking flags Chromium's connections are refused by the closed network, many at a time).
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Debian's Chromium, unless `CHROMIUM_PATH` names another binary. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
