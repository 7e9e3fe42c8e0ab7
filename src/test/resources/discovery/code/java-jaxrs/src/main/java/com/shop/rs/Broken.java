package com.shop.rs;

public class Broken {
    @GET
    public void missingBrace( {
}
