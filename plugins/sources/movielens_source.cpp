// source.movielens: the operator spec around read_movielens.
#include "movielens_reader.h"
#include "sources.h"

namespace persona::sources {

namespace {

Outputs run_movielens(Context& ctx, const Inputs&, const Params& params) {
    MovieLensTables tables = read_movielens(params.text("path"), params.text("layout"), ctx);
    return {{"ratings", make_artifact(std::move(tables.ratings))},
            {"users", make_artifact(std::move(tables.users))},
            {"items", make_artifact(std::move(tables.items))}};
}

}  // namespace

void register_movielens_source(Registry& registry) {
    OperatorSpec spec;
    spec.name = "source.movielens";
    spec.version = "0.1.0";
    spec.doc = "Loads a MovieLens folder (ML-100K u.* files or ML-1M/10M *.dat files)";
    spec.output("ratings", Kind::Table, "user, item, rating, ts (unix seconds)");
    spec.output("users", Kind::Table, "user, age, gender, occupation, zip");
    spec.output("items", Kind::Table, "item, title, year (null when unknown), genres ('|'-joined)");
    spec.param("path", ParamType::Path, nullptr, "the MovieLens folder");
    spec.param("layout", ParamType::String, "auto", "auto (by the files present), 100k, or 1m (also 10m)")
        .one_of({"auto", "100k", "1m"});
    registry.add_operator(std::move(spec), run_movielens);
}

}  // namespace persona::sources
