package main

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

type ctxKey string

const productKey ctxKey = "product"

func newRouter(s *store) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.Logger)
	r.Use(middleware.Recoverer)

	r.Get("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("catalog"))
	})

	r.Route("/products", func(r chi.Router) {
		r.Get("/", s.listProducts)
		r.Post("/", s.createProduct)
		r.With(adminOnly).Post("/import", s.importProducts)

		r.Route("/{productID:[0-9]+}", func(r chi.Router) {
			r.Use(s.productCtx)
			r.Get("/", s.getProduct)
			r.Put("/", s.updateProduct)
			r.Delete("/", s.deleteProduct)
		})
	})

	// Inbound webhooks from the PIM system; it uses both POST and PUT.
	r.HandleFunc("/webhook", s.webhook)

	r.Mount("/admin", adminRouter(s))
	return r
}

func adminRouter(s *store) http.Handler {
	r := chi.NewRouter()
	r.Use(adminOnly)
	r.Get("/stats", s.stats)
	return r
}

func adminOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Admin-Token") == "" {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *store) productCtx(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.get(chi.URLParam(r, "productID"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), productKey, p)))
	})
}
