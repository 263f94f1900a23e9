package dev.toka.observability;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The span exporter of the tests: Quarkus exports to every {@code SpanExporter} bean, and the tests read the
 * finished spans from this one. It only fills while the SDK is on, in {@link TracingProfile}.
 */
@Singleton
public class SpanExporterProducer {

    @Produces
    @Singleton
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
