package io.shopfront.catalog.reviews;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Calls the reviews service - outbound only. */
@Component
public class ReviewClient {

    private final WebClient webClient;

    public ReviewClient(WebClient.Builder builder, @Value("${reviews.base-url}") String baseUrl) {
        this.webClient = builder.baseUrl(baseUrl).build();
    }

    public Mono<Double> averageRating(String itemId) {
        return webClient.get()
                .uri("/reviews/{itemId}/average", itemId)
                .retrieve()
                .bodyToMono(Double.class)
                .onErrorReturn(0.0);
    }

    public Mono<Void> flag(String reviewId) {
        return webClient.post().uri("/reviews/{id}/flag", reviewId).retrieve().bodyToMono(Void.class);
    }
}
