package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	r.Get("/", index)
	r.Route("/articles", func(r chi.Router) {
		r.Get("/", listArticles)
		r.Post("/", createArticle)
		r.Route("/{articleID}", func(r chi.Router) {
			r.Get("/", getArticle)
			r.Put("/", updateArticle)
		})
	})
	r.Mount("/admin", adminRouter())
	r.Method("PATCH", "/settings", settingsHandler)
	http.ListenAndServe(":3333", r)
}

func adminRouter() http.Handler {
	r := chi.NewRouter()
	r.Get("/", adminIndex)
	r.Get("/accounts", adminListAccounts)
	return r
}
