//go:build tools

// Package tools pins the command this helper module builds.
package tools

import _ "go.etcd.io/etcd/server/v3"
