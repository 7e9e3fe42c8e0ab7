package com.shop.rs;

import jakarta.ws.rs.*;
import jakarta.ws.rs.core.MediaType;

@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    @GET
    public List<Customer> all() { return List.of(); }

    @GET
    @Path("{id}")
    public Customer one(@PathParam("id") String id) { return null; }

    @POST
    public Customer add(Customer c) { return c; }

    @DELETE
    @Path("/{id}/addresses/{addressId}")
    public void removeAddress(@PathParam("id") String id, @PathParam("addressId") String a) { }

    @Path("{id}/orders")
    public CustomerOrders orders(@PathParam("id") String id) { return new CustomerOrders(); }
}
