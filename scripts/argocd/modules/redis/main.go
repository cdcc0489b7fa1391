// Command redis serves Redis on a loopback address for the local Argo CD (its controller and repo
// server keep their caches there), from miniredis: an in-memory Redis in Go, as `argocd --core`
// runs one. Flags: -addr (host:port). The password comes from the REDIS_PASSWORD environment
// variable (what Argo CD's components read too), never from the command line, which `ps` shows.
//
// miniredis is made for tests and does not let TTLs run down by itself: a ticker moves its clock
// forward each second, so keys Argo CD writes with an expiry do expire.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:6379", "address to listen on (host:port)")
	flag.Parse()

	server := miniredis.NewMiniRedis()
	if password := os.Getenv("REDIS_PASSWORD"); password != "" {
		server.RequireAuth(password)
	}
	if err := server.StartAddr(*addr); err != nil {
		fmt.Fprintf(os.Stderr, "redis: cannot listen on %s: %v\n", *addr, err)
		os.Exit(1)
	}
	fmt.Printf("redis (miniredis) ready on %s\n", server.Addr())

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	last := time.Now()
	for {
		select {
		case <-signals:
			server.Close()
			return
		case now := <-ticker.C:
			server.SetTime(now)
			server.FastForward(now.Sub(last))
			last = now
		}
	}
}
