package dev.updraft.scheduler.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Adds the {@link ServiceToken} to the REST clients of the aggregator and live-updates (never to webhooks). */
@ApplicationScoped
public class ServiceTokenHeaders implements ClientHeadersFactory {

    private final ServiceToken token;

    public ServiceTokenHeaders(ServiceToken token) {
        this.token = token;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        token.bearer().ifPresent(bearer -> headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + bearer));
        return headers;
    }
}
