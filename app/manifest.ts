import type { MetadataRoute } from "next";

// /manifest.webmanifest: lets the incident commander put the console on a phone's home screen. Next
// links it from every page's <head>; the icons live in public/icons (scripts/make-icons.mjs).
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Meridian",
    short_name: "Meridian",
    description: "Multi-region operations console",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#0f172a",
    theme_color: "#0f172a",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
