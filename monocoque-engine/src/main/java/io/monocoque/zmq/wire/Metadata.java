package io.monocoque.zmq.wire;

import io.monocoque.zmq.SocketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ZMTP metadata property list (carried by READY and by the security mechanisms' handshake
 * commands): an ordered list of case-insensitive names with opaque binary values.
 *
 * <p>Wire form of each property: a 1-byte name length (1..255), the name, a 4-byte big-endian
 * value length (0..2^31-1) and the value. Instances are immutable; byte arrays are copied in and out.
 */
public final class Metadata {

    /** The sender's socket type, e.g. {@code DEALER}. */
    public static final String SOCKET_TYPE = "Socket-Type";
    /** The sender's routing identity (REQ, DEALER and ROUTER connecting to a ROUTER). */
    public static final String IDENTITY = "Identity";
    /** The authenticated user id, set by ZAP on the server side. */
    public static final String USER_ID = "User-Id";
    /** The endpoint resource a connecting peer asks for (ZMTP 3.1). */
    public static final String RESOURCE = "Resource";

    /** The list with no properties. */
    public static final Metadata EMPTY = new Metadata(new String[0], new byte[0][], 0);

    private static final int MAX_NAME_LENGTH = 255;

    private final String[] names;
    private final byte[][] values;
    private final int encodedSize;

    private Metadata(String[] names, byte[][] values, int encodedSize) {
        this.names = names;
        this.values = values;
        this.encodedSize = encodedSize;
    }

    /** A builder for the properties this side sends. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A list of properties given as alternating names and string values (UTF-8 encoded), e.g.
     * {@code Metadata.of(SOCKET_TYPE, "DEALER", IDENTITY, "")}.
     */
    public static Metadata of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs, got " + namesAndValues.length + " strings");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** The value of the first property with this name (ignoring case), copied; {@code null} if absent. */
    public byte[] get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i].clone();
    }

    /** The value of the first property with this name decoded as UTF-8; {@code null} if absent. */
    public String getString(String name) {
        int i = indexOf(name);
        return i < 0 ? null : new String(values[i], StandardCharsets.UTF_8);
    }

    /** Whether a property with this name (ignoring case) is present. */
    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** The number of properties, duplicates included. */
    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /** The property names in wire order, as spelled by the sender. */
    public List<String> names() {
        return List.of(names);
    }

    /**
     * The properties in wire order as an unmodifiable map whose {@code get} and {@code containsKey}
     * ignore case; when a name repeats, the first occurrence wins (as for {@link #get}).
     */
    public Map<String, byte[]> asMap() {
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (indexOf(names[i]) == i) {
                ordered.put(names[i], values[i].clone());
            }
        }
        return new CaseInsensitiveView(Collections.unmodifiableMap(ordered));
    }

    /** The number of bytes {@link #encode} writes. */
    public int encodedSize() {
        return encodedSize;
    }

    /** Writes the property list. */
    public void encode(ByteBuf out) {
        out.ensureWritable(encodedSize);
        for (int i = 0; i < names.length; i++) {
            out.writeByte(names[i].length());
            // ISO-8859-1 maps each char to one byte, so decoded names of any byte survive re-encoding.
            out.writeCharSequence(names[i], StandardCharsets.ISO_8859_1);
            out.writeInt(values[i].length);
            out.writeBytes(values[i]);
        }
    }

    /**
     * Decodes a property list occupying all readable bytes of {@code in}, leaving its indices untouched.
     *
     * @throws ZmtpProtocolException for an empty name or a truncated or overlong name or value
     */
    public static Metadata decode(ByteBuf in) {
        return decode(in, in.readerIndex(), in.writerIndex());
    }

    static Metadata decode(ByteBuf in, int from, int to) {
        if (from == to) {
            return EMPTY;
        }
        List<String> names = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        int pos = from;
        while (pos < to) {
            int nameLength = in.getUnsignedByte(pos++);
            if (nameLength == 0) {
                throw new ZmtpProtocolException("metadata property " + (names.size() + 1)
                        + " has an empty name; names must be 1 to 255 characters");
            }
            if (nameLength > to - pos) {
                throw new ZmtpProtocolException("metadata property " + (names.size() + 1) + " announces a name of "
                        + nameLength + " bytes but only " + (to - pos) + " bytes remain");
            }
            // Names are not checked against the spec's character set: libzmq lets applications
            // set arbitrary "X-" names, and refusing them would drop otherwise valid peers.
            String name = in.toString(pos, nameLength, StandardCharsets.ISO_8859_1);
            pos += nameLength;
            if (to - pos < 4) {
                throw new ZmtpProtocolException("metadata property '" + name + "' is truncated: its 4-byte value length has only "
                        + (to - pos) + " bytes");
            }
            long valueLength = in.getUnsignedInt(pos);
            pos += 4;
            if (valueLength > Integer.MAX_VALUE) {
                throw new ZmtpProtocolException("metadata property '" + name + "' announces a value of " + valueLength
                        + " bytes; ZMTP allows at most 2^31-1");
            }
            if (valueLength > to - pos) {
                throw new ZmtpProtocolException("metadata property '" + name + "' announces a value of " + valueLength
                        + " bytes but only " + (to - pos) + " bytes remain");
            }
            names.add(name);
            values.add(ByteBufUtil.getBytes(in, pos, (int) valueLength));
            pos += (int) valueLength;
        }
        return new Metadata(names.toArray(new String[0]), values.toArray(new byte[0][]), to - from);
    }

    private int indexOf(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '+';
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Metadata)) {
            return false;
        }
        Metadata m = (Metadata) o;
        if (names.length != m.names.length) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equalsIgnoreCase(m.names[i]) || !Arrays.equals(values[i], m.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < names.length; i++) {
            h = 31 * h + names[i].toLowerCase(java.util.Locale.ROOT).hashCode();
            h = 31 * h + Arrays.hashCode(values[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Metadata{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append('=').append(printable(values[i]));
        }
        return sb.append('}').toString();
    }

    static String printable(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7E) {
                return "0x" + ByteBufUtil.hexDump(bytes);
            }
        }
        return '"' + new String(bytes, StandardCharsets.US_ASCII) + '"';
    }

    /** Collects the properties this side announces; a name given twice (ignoring case) replaces the earlier value. */
    public static final class Builder {

        private final List<String> names = new ArrayList<>();
        private final List<byte[]> values = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets a property.
         *
         * @throws IllegalArgumentException for a name that is not 1 to 255 of {@code A-Z a-z 0-9 - _ . +}
         */
        public Builder put(String name, byte[] value) {
            Objects.requireNonNull(value, "value");
            checkName(name);
            byte[] copy = value.clone();
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(name)) {
                    values.set(i, copy);
                    return this;
                }
            }
            names.add(name);
            values.add(copy);
            return this;
        }

        /** Sets a property whose value is a UTF-8 string. */
        public Builder put(String name, String value) {
            return put(name, value.getBytes(StandardCharsets.UTF_8));
        }

        /** Sets {@value #SOCKET_TYPE} to the type's wire name. */
        public Builder socketType(SocketType type) {
            return put(SOCKET_TYPE, type.wireName());
        }

        /** Sets {@value #IDENTITY}. */
        public Builder identity(byte[] identity) {
            return put(IDENTITY, identity);
        }

        public Metadata build() {
            long size = 0;
            for (int i = 0; i < names.size(); i++) {
                size += 1 + names.get(i).length() + 4L + values.get(i).length;
            }
            if (size > ZmtpFrameDecoder.MAX_FRAME_SIZE_CEILING - 512) {
                throw new IllegalArgumentException("metadata of " + size + " bytes does not fit in one command frame");
            }
            if (names.isEmpty()) {
                return EMPTY;
            }
            return new Metadata(names.toArray(new String[0]), values.toArray(new byte[0][]), (int) size);
        }

        private static void checkName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("metadata name '" + name + "' must be 1 to 255 characters, has " + name.length());
            }
            for (int i = 0; i < name.length(); i++) {
                if (!isNameChar(name.charAt(i))) {
                    throw new IllegalArgumentException("metadata name '" + name + "' has invalid character '" + name.charAt(i)
                            + "'; allowed are letters, digits, '-', '_', '.', '+'");
                }
            }
        }
    }

    private static final class CaseInsensitiveView extends AbstractMap<String, byte[]> {

        private final Map<String, byte[]> ordered;

        CaseInsensitiveView(Map<String, byte[]> ordered) {
            this.ordered = ordered;
        }

        @Override
        public Set<Entry<String, byte[]>> entrySet() {
            return ordered.entrySet();
        }

        @Override
        public byte[] get(Object key) {
            return ordered.get(canonicalKey(key));
        }

        @Override
        public boolean containsKey(Object key) {
            return ordered.containsKey(canonicalKey(key));
        }

        private Object canonicalKey(Object key) {
            if (key instanceof String) {
                for (String k : ordered.keySet()) {
                    if (k.equalsIgnoreCase((String) key)) {
                        return k;
                    }
                }
            }
            return key;
        }
    }
}
