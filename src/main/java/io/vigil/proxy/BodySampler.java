package io.vigil.proxy;

import io.vigil.pipeline.Exchange;

/**
 * Who wants copies of some proxied request and response bodies (API discovery: field names and
 * sensitive data). Both calls happen on the event loop: {@link #wants} must be cheap, {@link #sampled}
 * must only hand off. Bodies stream through untouched; a sampled one is also copied, up to
 * {@link #maxBytes()} (past it the copy is dropped).
 */
public interface BodySampler {

    BodySampler NONE = new BodySampler() {
        @Override
        public boolean wants(Exchange exchange, int status, String contentType, String contentEncoding) {
            return false;
        }

        @Override
        public void sampled(Exchange exchange, int status, byte[] body) {
        }

        @Override
        public int maxBytes() {
            return 0;
        }
    };

    /** Whether to copy this response's body: called once per proxied response, with its headers. */
    boolean wants(Exchange exchange, int status, String contentType, String contentEncoding);

    /** The whole body of a response {@link #wants} asked for. */
    void sampled(Exchange exchange, int status, byte[] body);

    int maxBytes();

    /** Whether to copy this request's body (a JSON body on its way to the upstream); once per proxied request. */
    default boolean wantsRequest(Exchange exchange, String contentType, String contentEncoding) {
        return false;
    }

    /** The whole body of a request {@link #wantsRequest} asked for. */
    default void sampledRequest(Exchange exchange, byte[] body) {
    }
}
