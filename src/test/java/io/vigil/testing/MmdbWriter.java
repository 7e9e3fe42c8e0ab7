package io.vigil.testing;

import io.netty.util.NetUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files for tests, following the published format (an IPv6 search tree
 * of 24-bit records with IPv4 under ::/96, a 16-byte separator, the data section, then the
 * metadata map after "\xAB\xCD\xEFMaxMind.com"), so the production reader is tested on real files.
 * Networks must not overlap.
 */
public final class MmdbWriter {

    private static final class Node {
        Node[] children = new Node[2];
        Map<String, Object> data;
    }

    private final Node root = new Node();

    /** @param cidr an IPv4 or IPv6 block; @param data strings, doubles, longs, lists and maps */
    public MmdbWriter add(String cidr, Map<String, Object> data) {
        String[] parts = cidr.split("/");
        byte[] raw = NetUtil.createByteArrayFromIpAddressString(parts[0]);
        int prefix = Integer.parseInt(parts[1]);
        byte[] address = new byte[16];
        if (raw.length == 4) {
            System.arraycopy(raw, 0, address, 12, 4);
            prefix += 96;
        } else {
            address = raw;
        }
        Node node = root;
        for (int bit = 0; bit < prefix; bit++) {
            int b = (address[bit / 8] >> (7 - bit % 8)) & 1;
            if (node.children[b] == null) {
                node.children[b] = new Node();
            }
            node = node.children[b];
        }
        node.data = data;
        return this;
    }

    public void write(Path file, String databaseType) throws Exception {
        List<Node> nodes = new ArrayList<>();
        number(root, nodes);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<Node, Integer> offsets = new LinkedHashMap<>();
        collect(root, data, offsets);
        int count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Node child : node.children) {
                long record;
                if (child == null) {
                    record = count;                                   // no data
                } else if (child.data != null) {
                    record = count + 16 + offsets.get(child);         // a data pointer
                } else {
                    record = nodes.indexOf(child);
                }
                out.write((int) (record >> 16) & 0xff);
                out.write((int) (record >> 8) & 0xff);
                out.write((int) record & 0xff);
            }
        }
        out.write(new byte[16]);
        out.write(data.toByteArray());
        out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", new Uint((long) count, 6));
        metadata.put("record_size", new Uint(24L, 5));
        metadata.put("ip_version", new Uint(6L, 5));
        metadata.put("database_type", databaseType);
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new Uint(2L, 5));
        metadata.put("binary_format_minor_version", new Uint(0L, 5));
        metadata.put("build_epoch", new Uint(1_764_000_000L, 9));
        metadata.put("description", Map.of("en", "Vigil test database"));
        encode(metadata, out);
        Files.write(file, out.toByteArray());
    }

    /** An unsigned integer of a given type (5 uint16, 6 uint32, 9 uint64). */
    public record Uint(long value, int type) {
    }

    /** Numbers nodes depth first; a node holding data is a leaf, not a tree node. */
    private static void number(Node node, List<Node> nodes) {
        nodes.add(node);
        for (Node child : node.children) {
            if (child != null && child.data == null) {
                number(child, nodes);
            }
        }
    }

    private static void collect(Node node, ByteArrayOutputStream data, Map<Node, Integer> offsets) throws Exception {
        for (Node child : node.children) {
            if (child == null) {
                continue;
            }
            if (child.data != null) {
                offsets.put(child, data.size());
                encode(child.data, data);
            } else {
                collect(child, data, offsets);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void encode(Object value, ByteArrayOutputStream out) throws Exception {
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            control(2, bytes.length, out);
            out.write(bytes);
        } else if (value instanceof Double d) {
            control(3, 8, out);
            long bits = Double.doubleToLongBits(d);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >> (8 * i)) & 0xff);
            }
        } else if (value instanceof Long || value instanceof Integer) {
            encode(new Uint(((Number) value).longValue(), 6), out);
        } else if (value instanceof Uint u) {
            int length = 0;
            for (long v = u.value(); v != 0; v >>>= 8) {
                length++;
            }
            control(u.type(), length, out);
            for (int i = length - 1; i >= 0; i--) {
                out.write((int) (u.value() >> (8 * i)) & 0xff);
            }
        } else if (value instanceof Map<?, ?> map) {
            control(7, map.size(), out);
            for (Map.Entry<?, ?> e : ((Map<Object, Object>) map).entrySet()) {
                encode(e.getKey().toString(), out);
                encode(e.getValue(), out);
            }
        } else if (value instanceof List<?> list) {
            control(11, list.size(), out);
            for (Object o : list) {
                encode(o, out);
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    /** The control byte(s): type in the top three bits (extended types after it), size below. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        if (size >= 29 + 256) {
            throw new IllegalArgumentException("sizes of 285 and more are not needed by these tests");
        }
        int field = Math.min(size, 29);
        if (type <= 7) {
            out.write((type << 5) | field);
        } else {
            out.write(field);
            out.write(type - 7);
        }
        if (size >= 29) {
            out.write(size - 29);       // sizes 29-284: one more byte
        }
    }
}
