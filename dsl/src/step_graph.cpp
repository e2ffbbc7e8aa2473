// Checking the step graph: every `from` names another known step and the steps form a DAG.
#include "step_graph.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "persona/names.h"

namespace persona::dsl::detail {

namespace {

enum class Mark { Unvisited, OnPath, Finished };

// Depth-first search from step `at`; on a back edge, returns the cycle's steps (first repeated last).
bool find_cycle(size_t at, const std::vector<std::vector<size_t>>& producers, std::vector<Mark>& marks,
                std::vector<size_t>& path, std::vector<size_t>& cycle) {
    marks[at] = Mark::OnPath;
    path.push_back(at);
    for (size_t producer : producers[at]) {
        if (marks[producer] == Mark::OnPath) {
            auto start = std::find(path.begin(), path.end(), producer);
            cycle.assign(start, path.end());
            return true;
        }
        if (marks[producer] == Mark::Unvisited && find_cycle(producer, producers, marks, path, cycle)) return true;
    }
    path.pop_back();
    marks[at] = Mark::Finished;
    return false;
}

void check_cycles(const std::vector<Step>& steps, const std::vector<std::vector<size_t>>& producers) {
    std::vector<Mark> marks(steps.size(), Mark::Unvisited);
    std::vector<size_t> path, cycle;
    for (size_t i = 0; i < steps.size(); ++i) {
        if (marks[i] != Mark::Unvisited || !find_cycle(i, producers, marks, path, cycle)) continue;
        // `cycle` lists readers before the steps they read from: reverse it into data-flow order,
        // starting from the cycle's first step in file order.
        std::reverse(cycle.begin(), cycle.end());
        auto first = std::min_element(cycle.begin(), cycle.end());
        std::rotate(cycle.begin(), first, cycle.end());
        std::string chain;
        for (size_t k : cycle) chain += steps[k].id + " -> ";
        chain += steps[cycle.front()].id;
        throw PipelineError(steps[cycle.front()].where, "steps form a cycle: " + chain + " (a step cannot depend on its own output)");
    }
}

}  // namespace

void check_step_graph(const std::vector<Step>& steps) {
    std::unordered_map<std::string, size_t> index;
    std::vector<std::string> ids;
    for (size_t i = 0; i < steps.size(); ++i) {
        index.emplace(steps[i].id, i);
        ids.push_back(steps[i].id);
    }
    std::vector<std::vector<size_t>> producers(steps.size());
    for (size_t i = 0; i < steps.size(); ++i) {
        for (const StepInput& input : steps[i].inputs) {
            if (input.step == steps[i].id)
                throw PipelineError(input.where, "step '" + steps[i].id + "' reads from itself");
            auto found = index.find(input.step);
            if (found == index.end())
                throw PipelineError(input.where, "step '" + steps[i].id + "': `from` names unknown step '" + input.step +
                                                     "' (steps: " + join_names(ids) + ")" + did_you_mean(input.step, ids));
            producers[i].push_back(found->second);
        }
    }
    check_cycles(steps, producers);
}

}  // namespace persona::dsl::detail
