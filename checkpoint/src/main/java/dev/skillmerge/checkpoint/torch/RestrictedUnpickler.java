package dev.skillmerge.checkpoint.torch;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the pickle that torch.save writes for a state_dict without running any of it. Python's
 * unpickler imports and calls whatever the pickle names, which is how a .bin file executes code; this
 * one knows a short list of globals, none of which it calls: {@code collections.OrderedDict} becomes a
 * map, {@code torch._utils._rebuild_tensor_v2} becomes a {@link TensorRef} describing where the tensor
 * lies, and storage classes only ever appear inside persistent ids. Any other global, and any opcode a
 * state_dict does not need, is refused with a one-line {@link UserInputException} before anything is
 * built from it. The pickle is read iteratively and every length is checked against the bytes left,
 * so hostile input cannot exhaust the stack or allocate more than its own size.
 */
final class RestrictedUnpickler {
    /** A storage as its persistent id names it: {@code ('storage', torch.FloatStorage, key, location, numel)}. */
    record StorageRef(DType dtype, String key, long numel) {
    }

    /** What {@code _rebuild_tensor_v2} would build: a view of a storage, in elements. */
    record TensorRef(StorageRef storage, long storageOffset, long[] size, long[] stride) {
    }

    /** A Python tuple; kept apart from lists because only lists accept APPEND. */
    record Tuple(List<Object> items) {
    }

    private record StorageType(String name, DType dtype) {
    }

    private enum Function {
        ORDERED_DICT("collections.OrderedDict"),
        REBUILD_TENSOR_V2("torch._utils._rebuild_tensor_v2"),
        REBUILD_PARAMETER("torch._utils._rebuild_parameter"),
        REBUILD_PARAMETER_WITH_STATE("torch._utils._rebuild_parameter_with_state");

        final String pythonName;

        Function(String pythonName) {
            this.pythonName = pythonName;
        }
    }

    private static final Map<String, Object> ALLOWED_GLOBALS = allowedGlobals();

    private final Path file;
    private final byte[] pickle;
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(Path file, byte[] pickle) {
        this.file = file;
        this.pickle = pickle;
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The object the pickle describes: maps, lists, {@link Tuple}s, scalars, {@link StorageRef}s and {@link TensorRef}s. */
    static Object load(Path file, byte[] pickle) throws UserInputException {
        return new RestrictedUnpickler(file, pickle).run();
    }

    private static Map<String, Object> allowedGlobals() {
        Map<String, Object> globals = new HashMap<>();
        for (Function f : Function.values()) {
            globals.put(f.pythonName, f);
        }
        Object[][] storages = {
                {"FloatStorage", DType.F32}, {"HalfStorage", DType.F16}, {"BFloat16Storage", DType.BF16},
                {"DoubleStorage", DType.F64}, {"LongStorage", DType.I64}, {"IntStorage", DType.I32},
                {"ShortStorage", DType.I16}, {"CharStorage", DType.I8}, {"ByteStorage", DType.U8},
                {"BoolStorage", DType.BOOL}, {"UntypedStorage", DType.U8}};
        for (Object[] s : storages) {
            String name = "torch." + s[0];
            globals.put(name, new StorageType(name, (DType) s[1]));
        }
        return Map.copyOf(globals);
    }

    private Object run() throws UserInputException {
        while (in.hasRemaining()) {
            int at = in.position();
            int op = in.get() & 0xFF;
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol > 5) {
                        throw error("uses pickle protocol " + protocol + ", newer than any Python writes");
                    }
                }
                case 0x95 -> bytes(8); // FRAME: a length hint for buffered readers; the whole pickle is in memory
                case '.' -> { // STOP
                    return pop();
                }
                case '(' -> marks.add(stack.size()); // MARK
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(null); // NONE
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'J' -> push((long) int32()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) u16()); // BININT2
                case 0x8a -> push(longFrom(bytes(u8()))); // LONG1
                case 0x8b -> push(longFrom(bytes(length(int32())))); // LONG4
                case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
                case 'X' -> push(utf8(bytes(length(u32())))); // BINUNICODE
                case 0x8c -> push(utf8(bytes(u8()))); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(bytes(length(int64())))); // BINUNICODE8
                case 'T' -> push(latin1(bytes(length(int32())))); // BINSTRING
                case 'U' -> push(latin1(bytes(u8()))); // SHORT_BINSTRING
                case 'B' -> push(bytes(length(u32()))); // BINBYTES
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case 0x8e -> push(bytes(length(int64()))); // BINBYTES8
                case '}' -> push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<Object>()); // EMPTY_LIST
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Tuple(popMark())); // TUPLE
                case 0x85 -> push(tupleOfLast(1)); // TUPLE1
                case 0x86 -> push(tupleOfLast(2)); // TUPLE2
                case 0x87 -> push(tupleOfLast(3)); // TUPLE3
                case 'q' -> memo.put((long) u8(), peek()); // BINPUT
                case 'r' -> memo.put(u32(), peek()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(u32())); // LONG_BINGET
                case 'c' -> push(global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("has a STACK_GLOBAL whose module or name is not a string");
                    }
                    push(global(m, n));
                }
                case 'Q' -> push(storage(pop())); // BINPERSID
                case 'R' -> { // REDUCE
                    Object args = pop();
                    push(call(pop(), args));
                }
                case 'b' -> build(); // BUILD
                case 'a' -> { // APPEND
                    Object value = pop();
                    list().add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> values = popMark();
                    list().addAll(values);
                }
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    dict().put(key(key), value);
                }
                case 'u' -> setItems(popMark()); // SETITEMS
                default -> throw error(String.format("has pickle opcode 0x%02x at byte %d, which a weights-only reader"
                        + " does not understand; convert the checkpoint to safetensors first", op, at));
            }
        }
        throw error("ends before its STOP opcode (truncated?)");
    }

    private Object global(String module, String name) throws UserInputException {
        String qualified = module + "." + name;
        Object known = ALLOWED_GLOBALS.get(qualified);
        if (known == null && module.equals("torch") && name.endsWith("Storage")) {
            throw TorchCheckpoint.refuse(file, "holds " + qualified + " tensors, a dtype a weights-only reader"
                    + " does not read; convert the checkpoint to safetensors first");
        }
        if (known == null) {
            throw TorchCheckpoint.refuse(file, "pickle refers to " + qualified
                    + ", which a weights-only reader does not run; convert the checkpoint to safetensors first");
        }
        return known;
    }

    private Object call(Object callable, Object args) throws UserInputException {
        if (!(callable instanceof Function function)) {
            throw error("calls a " + typeName(callable) + ", which is not a function a state_dict needs");
        }
        if (!(args instanceof Tuple(List<Object> a))) {
            throw error("calls " + function.pythonName + " with " + typeName(args) + " arguments instead of a tuple");
        }
        return switch (function) {
            case ORDERED_DICT -> {
                if (!a.isEmpty()) {
                    throw error("builds an OrderedDict from arguments; torch.save writes an empty one and fills it");
                }
                yield new LinkedHashMap<Object, Object>();
            }
            case REBUILD_TENSOR_V2 -> rebuildTensor(a);
            case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                int expected = function == Function.REBUILD_PARAMETER ? 3 : 4;
                if (a.size() != expected || !(a.getFirst() instanceof TensorRef tensor)) {
                    throw error("calls " + function.pythonName + " with arguments other than (tensor, requires_grad,"
                            + " hooks[, state])");
                }
                yield tensor;
            }
        };
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private TensorRef rebuildTensor(List<Object> a) throws UserInputException {
        if (a.size() < 6 || a.size() > 7 || !(a.get(0) instanceof StorageRef storage) || !(a.get(1) instanceof Long offset)
                || offset < 0 || !(a.get(4) instanceof Boolean)) {
            throw error("calls torch._utils._rebuild_tensor_v2 with arguments other than"
                    + " (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])");
        }
        long[] size = longs(a.get(2), "size");
        long[] stride = longs(a.get(3), "stride");
        if (size.length != stride.length) {
            throw error("rebuilds a tensor whose size has " + size.length + " dimensions but stride " + stride.length);
        }
        for (long d : size) {
            if (d < 0) {
                throw error("rebuilds a tensor with a negative dimension");
            }
        }
        return new TensorRef(storage, offset, size, stride);
    }

    private long[] longs(Object value, String what) throws UserInputException {
        if (!(value instanceof Tuple(List<Object> items))) {
            throw error("rebuilds a tensor whose " + what + " is a " + typeName(value) + ", not a tuple of ints");
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Long n)) {
                throw error("rebuilds a tensor whose " + what + " holds a " + typeName(items.get(i)) + ", not an int");
            }
            out[i] = n;
        }
        return out;
    }

    /** torch.save's persistent id for every storage: {@code ('storage', storage_type, key, location, numel)}. */
    private StorageRef storage(Object pid) throws UserInputException {
        if (pid instanceof Tuple(List<Object> t) && t.size() == 5 && "storage".equals(t.get(0))
                && t.get(1) instanceof StorageType type && t.get(2) instanceof String key && t.get(3) instanceof String
                && t.get(4) instanceof Long numel && numel >= 0) {
            return new StorageRef(type.dtype(), key, numel);
        }
        throw error("has a persistent id that is not ('storage', type, key, location, numel)");
    }

    /** BUILD sets instance attributes; torch.save uses it only for the {@code _metadata} of a state_dict, which we drop. */
    private void build() throws UserInputException {
        Object state = pop();
        Object target = peek();
        if (!(target instanceof Map) || !(state instanceof Map)) {
            throw error("sets the state of a " + typeName(target) + ", which a weights-only reader does not do");
        }
    }

    private void setItems(List<Object> items) throws UserInputException {
        if (items.size() % 2 != 0) {
            throw error("has a SETITEMS with an odd number of keys and values");
        }
        Map<Object, Object> dict = dict();
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(key(items.get(i)), items.get(i + 1));
        }
    }

    /** Only scalar keys: a container key could hold itself through the memo and make hashing recurse forever. */
    private Object key(Object key) throws UserInputException {
        if (key == null || key instanceof String || key instanceof Long || key instanceof BigInteger
                || key instanceof Double || key instanceof Boolean) {
            return key;
        }
        throw error("has a dict key that is a " + typeName(key) + "; a state_dict's keys are strings");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict() throws UserInputException {
        Object target = peek();
        if (target instanceof Map<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        throw error("sets an item on a " + typeName(target) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list() throws UserInputException {
        Object target = peek();
        if (target instanceof ArrayList<?> list) {
            return (List<Object>) list;
        }
        throw error("appends to a " + typeName(target) + ", not a list");
    }

    private Tuple tupleOfLast(int n) throws UserInputException {
        if (stack.size() - n < floor()) {
            throw malformed();
        }
        List<Object> top = stack.subList(stack.size() - n, stack.size());
        Tuple tuple = new Tuple(new ArrayList<>(top));
        top.clear();
        return tuple;
    }

    private List<Object> popMark() throws UserInputException {
        if (marks.isEmpty()) {
            throw malformed();
        }
        int mark = marks.removeLast();
        List<Object> top = stack.subList(mark, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private int floor() {
        return marks.isEmpty() ? 0 : marks.getLast();
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() throws UserInputException {
        if (stack.size() <= floor()) {
            throw malformed();
        }
        return stack.removeLast();
    }

    private Object peek() throws UserInputException {
        if (stack.size() <= floor()) {
            throw malformed();
        }
        return stack.getLast();
    }

    private Object memoGet(long index) throws UserInputException {
        if (!memo.containsKey(index)) {
            throw error("reads memo slot " + index + " before storing anything there");
        }
        return memo.get(index);
    }

    private int u8() throws UserInputException {
        return bytes(1)[0] & 0xFF;
    }

    private int u16() throws UserInputException {
        return ByteBuffer.wrap(bytes(2)).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
    }

    private int int32() throws UserInputException {
        return ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private long u32() throws UserInputException {
        return int32() & 0xFFFF_FFFFL;
    }

    private long int64() throws UserInputException {
        return ByteBuffer.wrap(bytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A length read from the pickle; checking it against the bytes left keeps allocations within the file size. */
    private int length(long n) throws UserInputException {
        if (n < 0 || n > in.remaining()) {
            throw truncated();
        }
        return (int) n;
    }

    private byte[] bytes(int n) throws UserInputException {
        if (n > in.remaining()) {
            throw truncated();
        }
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }

    /** GLOBAL's module and name, each ending in a newline. */
    private String line() throws UserInputException {
        int start = in.position();
        for (int i = start; i < pickle.length; i++) {
            if (pickle[i] == '\n') {
                in.position(i + 1);
                return new String(pickle, start, i - start, StandardCharsets.UTF_8);
            }
        }
        throw truncated();
    }

    /** Python's LONG1/LONG4: little-endian two's complement, kept as a long when it fits. */
    private static Object longFrom(byte[] littleEndian) {
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < bigEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Python's name for what a value stands for, for messages; never prints the value, which may contain itself. */
    static String typeName(Object value) {
        return switch (value) {
            case null -> "None";
            case String _ -> "str";
            case Long _ -> "int";
            case BigInteger _ -> "int";
            case Double _ -> "float";
            case Boolean _ -> "bool";
            case byte[] _ -> "bytes";
            case Map<?, ?> _ -> "dict";
            case List<?> _ -> "list";
            case Tuple _ -> "tuple";
            case TensorRef _ -> "tensor";
            case StorageRef _ -> "storage";
            case StorageType s -> s.name();
            case Function _ -> "function";
            default -> value.getClass().getSimpleName();
        };
    }

    private UserInputException malformed() {
        return error("is a malformed pickle (pops more than it pushed)");
    }

    private UserInputException truncated() {
        return error("ends in the middle of an opcode (truncated?)");
    }

    private UserInputException error(String problem) {
        return TorchCheckpoint.refuse(file, "data.pkl " + problem);
    }
}
