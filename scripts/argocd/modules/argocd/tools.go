//go:build tools

// Package tools pins the command this helper module builds.
package tools

import _ "github.com/argoproj/argo-cd/v3/cmd"
