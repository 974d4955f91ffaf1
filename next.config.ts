import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // client-node pulls in ws and optional native addons; it must stay a plain Node import
  // on the server and never be bundled (or reach the browser).
  serverExternalPackages: ['@kubernetes/client-node'],
  // The image runs .next/standalone/server.js (Containerfile): only the files the server needs.
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
