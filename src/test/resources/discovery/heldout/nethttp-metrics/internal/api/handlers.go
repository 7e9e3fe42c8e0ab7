package api

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/example/nethttp-metrics/internal/push"
)

type Store struct {
	mu      sync.RWMutex
	metrics map[string]float64
	items   map[int]json.RawMessage
	ready   bool
}

func NewStore() *Store {
	return &Store{metrics: map[string]float64{}, items: map[int]json.RawMessage{}, ready: true}
}

func (s *Store) Ready() bool { return s.ready }

type Handler struct {
	store   *Store
	pusher  *push.Client
	dumpDir string
}

func NewHandler(s *Store, p *push.Client) *Handler {
	return &Handler{store: s, pusher: p, dumpDir: "/var/lib/metricsd/dumps"}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (h *Handler) index(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"service": "metricsd", "api": "/api/v1/series"})
}

func (h *Handler) ingest(w http.ResponseWriter, r *http.Request) {
	var in map[string]float64
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	h.store.mu.Lock()
	for k, v := range in {
		h.store.metrics[k] = v
	}
	h.store.mu.Unlock()
	go h.pusher.Forward(in)
	w.WriteHeader(http.StatusAccepted)
}

func (h *Handler) getMetric(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	h.store.mu.RLock()
	v, ok := h.store.metrics[name]
	h.store.mu.RUnlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, map[string]float64{name: v})
}

func (h *Handler) deleteMetric(w http.ResponseWriter, r *http.Request) {
	h.store.mu.Lock()
	delete(h.store.metrics, r.PathValue("name"))
	h.store.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) listSeries(w http.ResponseWriter, r *http.Request) {
	h.store.mu.RLock()
	defer h.store.mu.RUnlock()
	names := make([]string, 0, len(h.store.metrics))
	for k := range h.store.metrics {
		names = append(names, k)
	}
	writeJSON(w, http.StatusOK, names)
}

func (h *Handler) getItem(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	h.store.mu.RLock()
	raw, ok := h.store.items[id]
	h.store.mu.RUnlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(raw)
}

func (h *Handler) putItem(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	h.store.mu.Lock()
	h.store.items[id] = raw
	h.store.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request) {
	p := filepath.Clean("/" + r.PathValue("path"))
	http.ServeFile(w, r, filepath.Join(h.dumpDir, p))
}

// exportCSV used to be served at /export.csv; the route was removed in v0.7
// but the function is still used by the nightly job.
func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/csv")
	h.store.mu.RLock()
	defer h.store.mu.RUnlock()
	for k, v := range h.store.metrics {
		_, _ = w.Write([]byte(k + "," + strconv.FormatFloat(v, 'f', -1, 64) + "\n"))
	}
}
