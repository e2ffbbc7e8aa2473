// Turning yaml-cpp nodes into Json values: YAML 1.2 core-schema scalars, quoted strings, locations.
#include "yaml_values.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace persona::dsl::detail {

namespace {

const char* const kCoreTag = "tag:yaml.org,2002:";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool all_of(const std::string& s, size_t from, bool (*pred)(char)) {
    if (from >= s.size()) return false;
    for (size_t i = from; i < s.size(); ++i)
        if (!pred(s[i])) return false;
    return true;
}

bool is_null_text(const std::string& s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }
bool is_true_text(const std::string& s) { return s == "true" || s == "True" || s == "TRUE"; }
bool is_false_text(const std::string& s) { return s == "false" || s == "False" || s == "FALSE"; }

// [-+]?[0-9]+
bool is_decimal_int(const std::string& s) {
    size_t start = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    return all_of(s, start, is_digit);
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_decimal_float(const std::string& s) {
    size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    size_t int_digits = 0, frac_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
    }
    if (int_digits == 0 && frac_digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        size_t exp_digits = 0;
        while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
        if (exp_digits == 0) return false;
    }
    return i == s.size();
}

Json parse_decimal_int(const std::string& s) {
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    const char* end = s.data() + s.size();
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec == std::errc() && ptr == end) return Json(value);
    if (s[0] != '-') {
        uint64_t unsigned_value = 0;
        auto [uptr, uec] = std::from_chars(begin, end, unsigned_value);
        if (uec == std::errc() && uptr == end) return Json(unsigned_value);
    }
    throw Error("the integer " + s + " does not fit in 64 bits");
}

Json parse_based_int(const std::string& s, int base) {
    uint64_t value = 0;
    const char* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data() + 2, end, value, base);
    if (ec != std::errc() || ptr != end) throw Error("the integer " + s + " does not fit in 64 bits");
    if (value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return Json(static_cast<int64_t>(value));
    return Json(value);
}

Json parse_decimal_float(const std::string& s) {
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    double value = 0;
    std::from_chars(begin, s.data() + s.size(), value);  // out-of-range gives +-inf-like results: fine
    return Json(value);
}

// The value of an explicitly tagged scalar (!!str, !!int, ...).
Json tagged_scalar_value(const YAML::Node& node, const std::string& file) {
    const std::string kind = node.Tag().substr(std::char_traits<char>::length(kCoreTag));
    const std::string& text = node.Scalar();
    if (kind == "str") return Json(text);
    Json plain = plain_scalar_value(text);
    bool ok = (kind == "int" && plain.is_number_integer()) || (kind == "float" && plain.is_number()) ||
              (kind == "bool" && plain.is_boolean()) || (kind == "null" && plain.is_null());
    if (!ok) throw PipelineError(location_of(node, file), "'" + text + "' is not a valid !!" + kind);
    if (kind == "float") return Json(plain.get<double>());
    return plain;
}

// Like plain_scalar_value, but an out-of-range integer stays text (for descriptions only).
Json plain_value_or_text(const std::string& text) {
    try {
        return plain_scalar_value(text);
    } catch (const Error&) {
        return Json(text);
    }
}

}  // namespace

Location location_of(const YAML::Node& node, const std::string& file) {
    YAML::Mark mark = node.Mark();
    if (mark.is_null() || mark.line < 0) return Location{file, 0, 0};
    return Location{file, mark.line + 1, mark.column + 1};
}

Location value_location(const YAML::Node& key, const YAML::Node& value, const std::string& file) {
    Location at = location_of(value, file);
    Location key_at = location_of(key, file);
    // yaml-cpp places an empty value at the start of the next line: point at its key instead.
    if (value.IsNull() && (at.line == 0 || at.line > key_at.line)) return key_at;
    return at;
}

Json plain_scalar_value(const std::string& s) {
    if (is_null_text(s)) return Json(nullptr);
    if (is_true_text(s)) return Json(true);
    if (is_false_text(s)) return Json(false);
    if (is_decimal_int(s)) return parse_decimal_int(s);
    if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && all_of(s, 2, is_hex_digit)) return parse_based_int(s, 16);
    if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && all_of(s, 2, [](char c) { return c >= '0' && c <= '7'; }))
        return parse_based_int(s, 8);
    if (is_decimal_float(s)) return parse_decimal_float(s);
    if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF")
        return Json(std::numeric_limits<double>::infinity());
    if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return Json(-std::numeric_limits<double>::infinity());
    if (s == ".nan" || s == ".NaN" || s == ".NAN") return Json(std::numeric_limits<double>::quiet_NaN());
    return Json(s);
}

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Null: return "nothing";
        case YAML::NodeType::Scalar: {
            if (node.Tag() != "?") return "the string '" + node.Scalar() + "'";
            Json value = plain_value_or_text(node.Scalar());
            if (value.is_boolean()) return "the boolean " + node.Scalar();
            if (value.is_number_integer()) return "the integer " + node.Scalar();
            if (value.is_number()) return "the number " + node.Scalar();
            return "the string '" + node.Scalar() + "'";
        }
        default: return "an undefined value";
    }
}

bool is_string_scalar(const YAML::Node& node) {
    if (!node.IsScalar()) return false;
    if (node.Tag() == "?") return plain_value_or_text(node.Scalar()).is_string();
    return true;  // quoted, block or !!str
}

std::string child_pointer(const std::string& pointer, const std::string& key) {
    std::string out = pointer;
    out += '/';
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

void check_unique_keys(const YAML::Node& map, const std::string& file, const std::string& what) {
    std::unordered_map<std::string, YAML::Node> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it->first.IsScalar()) continue;  // callers reject non-scalar keys with their own message
        auto [first, inserted] = seen.emplace(it->first.Scalar(), it->first);
        if (!inserted) {
            Location first_at = location_of(first->second, file);
            throw PipelineError(location_of(it->first, file),
                                "duplicate " + what + " '" + it->first.Scalar() + "' (first at line " +
                                    std::to_string(first_at.line) + ", column " + std::to_string(first_at.column) + ")");
        }
    }
}

Json to_json(const YAML::Node& node, const std::string& file, StringLocations* strings, const std::string& pointer) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return Json(nullptr);
        case YAML::NodeType::Sequence: {
            Json array = Json::array();
            size_t index = 0;
            for (const YAML::Node& item : node)
                array.push_back(to_json(item, file, strings, child_pointer(pointer, std::to_string(index++))));
            return array;
        }
        case YAML::NodeType::Map: {
            check_unique_keys(node, file, "key");
            Json object = Json::object();
            for (auto it = node.begin(); it != node.end(); ++it) {
                if (!it->first.IsScalar())
                    throw PipelineError(location_of(it->first, file), "a map key must be a plain name, not " + describe(it->first));
                const std::string& key = it->first.Scalar();
                object[key] = to_json(it->second, file, strings, child_pointer(pointer, key));
            }
            return object;
        }
        case YAML::NodeType::Scalar: break;
    }
    const std::string& tag = node.Tag();
    Json value;
    if (tag == "?") {
        try {
            value = plain_scalar_value(node.Scalar());
        } catch (const PipelineError&) {
            throw;
        } catch (const Error& e) {
            throw PipelineError(location_of(node, file), e.what());
        }
    } else if (tag == "!") {
        value = Json(node.Scalar());
    } else if (tag.rfind(kCoreTag, 0) == 0) {
        value = tagged_scalar_value(node, file);
    } else {
        throw PipelineError(location_of(node, file), "unsupported tag '" + tag + "' (use !!str, !!int, !!float, !!bool or none)");
    }
    if (strings && value.is_string() && value.get_ref<const std::string&>().find("${") != std::string::npos)
        (*strings)[pointer] = location_of(node, file);
    return value;
}

}  // namespace persona::dsl::detail
