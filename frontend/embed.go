// Package frontend holds the Podium single-page app (Vite + React + TypeScript)
// and embeds its production build so the server binary is self-contained.
//
// The server mounts Dist at "/" and falls back to index.html for unknown paths
// that are not under /api, so that client-side routes such as /c/demo/results
// or /join/<code> work on a full page load. Run `npm run build` in this folder
// to refresh dist/; the committed dist/.keep keeps the embed pattern valid in a
// fresh clone (the binary then serves an empty app until the build runs).
package frontend

import "embed"

// Dist is the built app (frontend/dist); paths inside it start with "dist/".
//
//go:embed all:dist
var Dist embed.FS
