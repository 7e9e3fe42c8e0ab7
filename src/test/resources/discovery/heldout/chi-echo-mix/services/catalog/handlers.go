package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
)

type product struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
}

type store struct {
	mu       sync.RWMutex
	products map[string]product
	seq      int
}

func newStore() *store { return &store{products: map[string]product{}} }

func (s *store) get(id string) (product, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.products[id]
	return p, ok
}

func respond(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *store) listProducts(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]product, 0, len(s.products))
	for _, p := range s.products {
		out = append(out, p)
	}
	respond(w, http.StatusOK, out)
}

func (s *store) createProduct(w http.ResponseWriter, r *http.Request) {
	var p product
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.seq++
	p.ID = strconv.Itoa(s.seq)
	s.products[p.ID] = p
	s.mu.Unlock()
	w.Header().Set("Location", "/products/"+p.ID)
	respond(w, http.StatusCreated, p)
}

func (s *store) importProducts(w http.ResponseWriter, r *http.Request) {
	var batch []product
	if err := json.NewDecoder(r.Body).Decode(&batch); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	for _, p := range batch {
		s.seq++
		p.ID = strconv.Itoa(s.seq)
		s.products[p.ID] = p
	}
	s.mu.Unlock()
	respond(w, http.StatusAccepted, map[string]int{"imported": len(batch)})
}

func (s *store) getProduct(w http.ResponseWriter, r *http.Request) {
	respond(w, http.StatusOK, r.Context().Value(productKey).(product))
}

func (s *store) updateProduct(w http.ResponseWriter, r *http.Request) {
	cur := r.Context().Value(productKey).(product)
	var p product
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p.ID = cur.ID
	s.mu.Lock()
	s.products[p.ID] = p
	s.mu.Unlock()
	respond(w, http.StatusOK, p)
}

func (s *store) deleteProduct(w http.ResponseWriter, r *http.Request) {
	cur := r.Context().Value(productKey).(product)
	s.mu.Lock()
	delete(s.products, cur.ID)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *store) webhook(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
}

func (s *store) stats(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	respond(w, http.StatusOK, map[string]int{"products": len(s.products)})
}
