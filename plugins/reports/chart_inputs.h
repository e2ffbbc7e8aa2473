// Which `tables` input a chart means: its LABEL is "step.output" (the output is read from the run manifest) or
// just "step" when one input comes from that step.
#pragma once
#include <string>
#include <vector>

#include "persona/artifact.h"

namespace persona::reports {

// Where one tables input comes from: the producing step and, when the run manifest says, its output.
struct TableInputName {
    std::string step;
    std::string output;  // "" when unknown (no manifest)

    // "step.output", or "step" when the output is unknown.
    std::string label() const;
};

// The names of the tables inputs, in input order. `steps` are the inputs' labels (the producing steps); the outputs
// come from this step's entry in manifest["steps"] (id = step_id), whose inputs with port "tables" are matched to the
// tables inputs by position. Without that entry, or when it disagrees with `steps`, outputs stay unknown.
std::vector<TableInputName> name_table_inputs(const Json& manifest, const std::string& step_id,
                                              const std::vector<std::string>& steps);

// The labels a chart may use: "step.output" for every input whose output is known, and "step" for every step that
// feeds exactly one input; in input order, no repeats.
std::vector<std::string> known_table_labels(const std::vector<TableInputName>& names);

// The index of the input that `label` names. Throws Error starting with `where`: no such input (listing the
// known labels, with a close-name suggestion), or a step that feeds several inputs (listing their labels).
size_t find_table_input(const std::string& label, const std::vector<TableInputName>& names, const std::string& where);

}  // namespace persona::reports
