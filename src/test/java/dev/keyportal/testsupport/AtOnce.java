package dev.keyportal.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Races: every action gets its own thread, all are released at the same moment, results come back in order. */
public final class AtOnce {

    private AtOnce() {
    }

    @SafeVarargs
    public static <T> List<T> run(Supplier<T>... actions) {
        return run(List.of(actions));
    }

    public static <T> List<T> run(List<Supplier<T>> actions) {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<T>> running = new ArrayList<>();
        for (Supplier<T> action : actions) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return action.get();
            }, runnable -> new Thread(runnable, "at-once").start()));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> result : running) {
            try {
                results.add(result.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("A raced action did not finish within a minute", e);
            }
        }
        return results;
    }
}
