// source.sequences: one line per user, "user item item ..." in time order (the Amazon Beauty layout).
#include "bad_row_log.h"
#include "delimited_lines.h"
#include "sources.h"
#include "value_parse.h"

namespace persona::sources {

namespace {

// Parses the integers of the current line into `ids`; returns the index of the first bad token, or -1.
int64_t parse_ids(const std::vector<std::string_view>& fields, std::vector<int64_t>& ids) {
    ids.resize(fields.size());
    for (size_t i = 0; i < fields.size(); ++i)
        if (!parse_int64(fields[i], ids[i])) return static_cast<int64_t>(i);
    return -1;
}

Outputs run_sequences(Context& ctx, const Inputs&, const Params& params) {
    DelimitedLines lines(params.text("path"), "");
    BadRowLog log(bad_row_policy_from_name(params.text("bad_rows")), lines.path());
    const size_t estimate = lines.bytes().size() / 5;
    std::vector<int64_t> event_user, event_item, event_ts;
    event_user.reserve(estimate);
    event_item.reserve(estimate);
    event_ts.reserve(estimate);
    std::vector<int64_t> seq_user, seq_offsets{0}, ids;
    int64_t count = 0;
    while (lines.next()) {
        const int64_t bad = parse_ids(lines.fields(), ids);
        if (bad >= 0) {
            log.add(lines.line(), std::string(bad == 0 ? "expected an integer user id" : "expected an integer item id") +
                                      " in token " + std::to_string(bad + 1) + ", got '" +
                                      std::string(lines.fields()[bad].substr(0, 40)) + "'");
            continue;
        }
        const int64_t user = ids[0];
        for (size_t i = 1; i < ids.size(); ++i) {
            event_user.push_back(user);
            event_item.push_back(ids[i]);
            event_ts.push_back(static_cast<int64_t>(i - 1));
        }
        seq_user.push_back(user);
        seq_offsets.push_back(static_cast<int64_t>(event_item.size()));
        if ((++count & 0x3FFF) == 0) ctx.progress(0.95 * lines.fraction_read(), "reading");
    }
    Table sequences;
    sequences.add_int64("user", std::move(seq_user));
    sequences.add_list("items", std::move(seq_offsets), event_item);
    Table events;
    events.add_int64("user", std::move(event_user));
    events.add_int64("item", std::move(event_item));
    events.add_int64("ts", std::move(event_ts));
    log.report(ctx);
    ctx.progress(1.0, std::to_string(events.rows()) + " events");
    return {{"events", make_artifact(std::move(events))}, {"sequences", make_artifact(std::move(sequences))}};
}

}  // namespace

void register_sequences_source(Registry& registry) {
    OperatorSpec spec;
    spec.name = "source.sequences";
    spec.version = "0.1.0";
    spec.doc = "Loads per-user item sequences, one line 'user item item ...' per user, oldest item first";
    spec.output("events", Kind::Table, "user, item, ts (position 0..n-1 within the user's line)");
    spec.output("sequences", Kind::Table, "user, items (int64 list, in order)");
    spec.param("path", ParamType::Path, nullptr, "the sequence file");
    spec.param("bad_rows", ParamType::String, "fail", "a line with a non-integer token: fail, or skip and count it")
        .one_of({"fail", "skip"});
    registry.add_operator(std::move(spec), run_sequences);
}

}  // namespace persona::sources
