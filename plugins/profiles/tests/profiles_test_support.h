// Helpers for the profiles tests: running an operator of persona_profiles and reading cells back.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "persona/persona.h"
#include "plugin_test.h"

namespace persona::testing {

// Runs a profiles operator with one table per input port.
inline Outputs run_profile(const std::string& op, const std::vector<std::pair<std::string, Table>>& tables,
                           const Json& params = Json::object()) {
    Inputs in;
    for (const auto& [port, table] : tables) in.ports[port].push_back(Input{port, make_artifact(table)});
    return kernel::invoke(registry_with("persona_profiles"), op, in, params);
}

inline const Table& table_of(const Outputs& out, const std::string& port) { return out.at(port)->table(); }

// The text of every cell of a string column ("" for nulls).
inline std::vector<std::string> texts(const Table& t, const std::string& name) {
    std::vector<std::string> out;
    const Column& c = t.column(name);
    for (int64_t r = 0; r < t.rows(); ++r) out.emplace_back(c.text(r));
    return out;
}

inline const std::vector<int64_t>& ints(const Table& t, const std::string& name) { return t.column(name).ints; }
inline const std::vector<double>& floats(const Table& t, const std::string& name) { return t.column(name).floats; }

// Unix seconds of a UTC date and time.
inline int64_t utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
    // days from civil (proleptic Gregorian), written out independently of the plugin's calendar
    y -= mo <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400 + h * 3600 + mi * 60 + s;
}

}  // namespace persona::testing
