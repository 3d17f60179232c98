package dev.updraft.scheduler.action;

import dev.updraft.model.scheduler.JobAction;
import dev.updraft.scheduler.client.DownstreamException;
import dev.updraft.scheduler.client.WebhookClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code http}: one webhook call; any answer outside 2xx fails the run with the status and the start of the body. */
@ApplicationScoped
public class HttpAction {

    private final WebhookClient webhooks;

    public HttpAction(WebhookClient webhooks) {
        this.webhooks = webhooks;
    }

    public Uni<Void> run(JobAction.Http action) {
        return webhooks.call(action.method(), action.url(), action.headers(), action.body())
                .invoke(answer -> {
                    if (answer.status() < 200 || answer.status() > 299) {
                        throw DownstreamException.httpStatus("webhook " + action.url(), answer.status(), answer.body());
                    }
                })
                .replaceWithVoid();
    }
}
