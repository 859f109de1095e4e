package dev.shaperemote.worker;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Counts the body bytes every resource reads and writes, for the bytes-in/bytes-out metrics. */
@Provider
public class TrafficMeter implements ReaderInterceptor, WriterInterceptor {
    @Inject
    WorkerMetrics metrics;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        // Counted as the bytes are read: a resource that takes an InputStream reads it after proceed() returns.
        context.setInputStream(new CountingInput(context.getInputStream(), metrics));
        return context.proceed();
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException, WebApplicationException {
        CountingOutput out = new CountingOutput(context.getOutputStream());
        context.setOutputStream(out);
        try {
            context.proceed();
        } finally {
            metrics.bytesOut(out.count);
        }
    }

    private static final class CountingInput extends FilterInputStream {
        private final WorkerMetrics metrics;

        CountingInput(InputStream in, WorkerMetrics metrics) {
            super(in);
            this.metrics = metrics;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) metrics.bytesIn(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) metrics.bytesIn(n);
            return n;
        }
    }

    private static final class CountingOutput extends FilterOutputStream {
        long count;

        CountingOutput(OutputStream out) { super(out); }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
