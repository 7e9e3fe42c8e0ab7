package com.acme.shop.client;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import java.math.BigDecimal;
import java.util.List;

/**
 * Declarative client for the pricing service. These mappings describe the
 * REMOTE service's API; this application does not serve them.
 */
@FeignClient(name = "pricing", path = "/pricing")
public interface PricingClient {

    @GetMapping("/quotes/{sku}")
    BigDecimal quote(@PathVariable("sku") String sku);

    @PostMapping("/quotes/batch")
    List<BigDecimal> quotes(@RequestBody List<String> skus);
}
