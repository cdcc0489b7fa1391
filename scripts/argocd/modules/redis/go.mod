// Helper module: a small Redis server for the local Argo CD (referee tests, speed bench), built on
// github.com/alicebob/miniredis/v2 at the version Argo CD v3.2.6's own module graph requires (its
// tests and `argocd --core` run against it), so no system package is needed.
module driftwatch.local/argocd/redis

go 1.25.5

require github.com/alicebob/miniredis/v2 v2.35.0

require github.com/yuin/gopher-lua v1.1.1 // indirect
