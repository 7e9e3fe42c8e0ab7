package org.example.billing.client;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * Outbound JAX-RS client; the paths below belong to the remote rates API.
 */
public class ExchangeRateClient {

    private final Client client = ClientBuilder.newClient();
    private final String baseUrl;

    public ExchangeRateClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @SuppressWarnings("unchecked")
    public double latest(String currency) {
        Map<String, Double> body = client.target(baseUrl)
                .path("/rates/latest")
                .queryParam("base", currency)
                .request(MediaType.APPLICATION_JSON)
                .get(Map.class);
        return body.getOrDefault("EUR", 1.0);
    }

    public void publish(String currency, double rate) {
        client.target(baseUrl).path("/rates/{currency}")
                .resolveTemplate("currency", currency)
                .request()
                .put(jakarta.ws.rs.client.Entity.json(Map.of("rate", rate)));
    }
}
