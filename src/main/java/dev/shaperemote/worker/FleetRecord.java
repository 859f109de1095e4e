package dev.shaperemote.worker;

import dev.shaperemote.bytecode.FunctionHash;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection as the fleet's cache holds it: its owner, when it was made, and the blobs it holds (hash, name,
 * estimated bytes and the sender's own source map), oldest first. One value per connection, so a warm call on any
 * worker reads everything it needs about the connection in one lookup. Stored as MessagePack bytes: the cluster
 * never deserialises a Java object of ours.
 */
record FleetRecord(String principal, long createdAtMillis, List<Held> held) {
    /** One blob a connection holds; its code lives once per fleet under its hash. */
    record Held(FunctionHash hash, String name, long bytes, List<int[]> sourceMap) {}

    FleetRecord {
        held = List.copyOf(held);
    }

    Map<FunctionHash, Held> index() {
        Map<FunctionHash, Held> index = new LinkedHashMap<>();
        for (Held h : held) index.put(h.hash(), h);
        return index;
    }

    long bytes() {
        long total = 0;
        for (Held h : held) total += h.bytes();
        return total;
    }

    /**
     * This record with {@code added} (a blob sent again moves to the newest place), the oldest dropped while more
     * than {@code maxEntries} blobs or {@code maxBytes} bytes are held; {@code evicted} counts the ones dropped.
     */
    FleetRecord with(List<Held> added, int maxEntries, long maxBytes, java.util.concurrent.atomic.LongAdder evicted) {
        Map<FunctionHash, Held> index = index();
        for (Held h : added) {
            index.remove(h.hash());
            index.put(h.hash(), h);
        }
        List<Held> kept = new ArrayList<>(index.values());
        long total = 0;
        for (Held h : kept) total += h.bytes();
        int drop = 0;
        while (drop < kept.size() && (kept.size() - drop > maxEntries || total > maxBytes)) {
            total -= kept.get(drop++).bytes();
        }
        if (drop > 0) evicted.add(drop);
        return new FleetRecord(principal, createdAtMillis, kept.subList(drop, kept.size()));
    }

    FleetRecord emptied() { return new FleetRecord(principal, createdAtMillis, List.of()); }

    byte[] encode() {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(3).packString(principal).packLong(createdAtMillis).packArrayHeader(held.size());
            for (Held h : held) {
                byte[] hash = h.hash().bytes();
                p.packArrayHeader(4).packBinaryHeader(hash.length).writePayload(hash);
                p.packString(h.name()).packLong(h.bytes()).packArrayHeader(h.sourceMap().size() * 3);
                for (int[] e : h.sourceMap()) for (int i = 0; i < 3; i++) p.packInt(e[i]);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FleetRecord decode(byte[] bytes) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            u.unpackArrayHeader();
            String principal = u.unpackString();
            long createdAt = u.unpackLong();
            int n = u.unpackArrayHeader();
            List<Held> held = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                u.unpackArrayHeader();
                FunctionHash hash = FunctionHash.of(u.readPayload(u.unpackBinaryHeader()));
                String name = u.unpackString();
                long size = u.unpackLong();
                int ints = u.unpackArrayHeader();
                List<int[]> sourceMap = new ArrayList<>(ints / 3);
                for (int j = 0; j < ints / 3; j++) sourceMap.add(new int[] {u.unpackInt(), u.unpackInt(), u.unpackInt()});
                held.add(new Held(hash, name, size, sourceMap));
            }
            return new FleetRecord(principal, createdAt, held);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
