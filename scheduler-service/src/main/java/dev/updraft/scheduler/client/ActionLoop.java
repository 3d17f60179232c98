package dev.updraft.scheduler.client;

import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;

/**
 * The one Vert.x event loop on which runs' actions are put together and subscribed, and on which all webhook calls
 * run.
 * <p>
 * Why one loop: a thousand jobs due on the same millisecond are started by one thread that only records each start
 * and hands the action over here (see {@code JobRunner}). Putting a Mutiny pipeline together off the event loop costs
 * a context-propagation snapshot per operator and schedules its timeout on the worker pool's scheduler thread, which
 * wakes up for each; here the timeout is a Vert.x timer on this loop. Had each call its own loop, the exchanges of the
 * first jobs would occupy every core while the last jobs are still being started.
 */
@ApplicationScoped
@Startup // created on the main thread: called inside a request, getOrCreateContext would return that request's context
public class ActionLoop implements Executor {

    private final Context loop;

    public ActionLoop(Vertx vertx) {
        this.loop = vertx.getOrCreateContext();
    }

    @Override
    public void execute(Runnable task) {
        loop.runOnContext(task);
    }
}
