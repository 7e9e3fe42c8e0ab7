package com.acme.shop.web;

import com.acme.shop.service.ProductService;
import com.acme.shop.service.ProductService.Product;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.List;

@RestController
@RequestMapping(Paths.PRODUCTS)
public class ProductController {

    private final ProductService products;

    public ProductController(ProductService products) {
        this.products = products;
    }

    @GetMapping
    public List<Product> list(@RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "20") int size) {
        return products.page(page, size);
    }

    @GetMapping(Paths.BY_ID)
    public ResponseEntity<Product> get(@PathVariable long id) {
        return products.find(id)
                .map(ResponseEntity::ok)
                .orElse(ResponseEntity.notFound().build());
    }

    // "/find" is kept for the old mobile app, remove once v3 is gone
    @GetMapping({"/search", "/find"})
    public List<Product> search(@RequestParam("q") String query) {
        return products.search(normalize(query));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Product create(@RequestBody Product product) {
        return products.save(product);
    }

    @PutMapping(value = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Product replace(@PathVariable long id, @RequestBody Product product) {
        return products.replace(id, product);
    }

    @PatchMapping("/{id}/price")
    public Product reprice(@PathVariable long id, @RequestBody BigDecimal price) {
        return products.reprice(id, price);
    }

    @DeleteMapping(path = "/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable long id) {
        products.delete(id);
    }

    private static String normalize(String q) {
        // not an endpoint, just a helper: strips "/api/products/" pasted by users
        return q == null ? "" : q.replace("/api/products/", "").trim().toLowerCase();
    }
}
