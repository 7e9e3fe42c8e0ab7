// Command metricsd serves the metrics API on :8080 and a small admin
// endpoint set (health, expvar) on :6060.
package main

import (
	"expvar"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/example/nethttp-metrics/internal/api"
	"github.com/example/nethttp-metrics/internal/push"
)

func main() {
	store := api.NewStore()
	h := api.NewHandler(store, push.NewClient(os.Getenv("COLLECTOR_URL")))

	mux := http.NewServeMux()
	api.RegisterRoutes(mux, h)
	mux.Handle("/debug/vars", expvar.Handler())

	// Admin listener uses the default mux.
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("ok"))
	})
	http.HandleFunc("/readyz", readiness(store))
	go func() {
		log.Fatal(http.ListenAndServe(":6060", nil))
	}()

	srv := &http.Server{
		Addr:              ":8080",
		Handler:           logRequests(mux),
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Printf("metricsd listening on %s", srv.Addr)
	log.Fatal(srv.ListenAndServe())
}

func readiness(s *api.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.Ready() {
			http.Error(w, "warming up", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		log.Printf("%s %s %s", r.Method, r.URL.Path, time.Since(start))
	})
}
