package org.example.billing.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.example.billing.client.ExchangeRateClient;
import org.example.billing.model.Payment;

import java.util.ArrayList;
import java.util.List;

@Path("payments")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    /** Payment references look like EUR-123456. */
    private static final String PAYMENT_REF = "{paymentId: [A-Z]{3}-\\d+}";

    private final List<Payment> payments = new ArrayList<>();
    private final ExchangeRateClient rates = new ExchangeRateClient("https://rates.example.org");

    @GET
    @Path("/")
    public List<Payment> list() {
        return payments;
    }

    @GET
    @Path(PAYMENT_REF)
    public Payment get(@PathParam("paymentId") String paymentId) {
        return find(paymentId);
    }

    @HEAD
    @Path(PAYMENT_REF)
    public Response exists(@PathParam("paymentId") String paymentId) {
        return find(paymentId) == null ? Response.status(404).build() : Response.ok().build();
    }

    @POST
    @Path("{paymentId}/refund")
    public Payment refund(@PathParam("paymentId") String paymentId) {
        Payment p = find(paymentId);
        double eur = rates.latest(p.currency()) * p.amount();
        return new Payment(p.id(), "EUR", -eur);
    }

    private Payment find(String id) {
        return payments.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }
}
