#pragma once
// The budget that keeps "did you mean" fast on hostile input (suggestions.cpp).

namespace hotdog::sim::loading {

/// While one lives, did_you_mean on this thread spends a fixed budget of work (candidates
/// looked at plus distance cells computed), fresh for each load; past it, no suggestions.
/// Outside one (a direct call) the budget is not consulted: the length bounds suffice.
class suggestion_budget_scope {
 public:
  suggestion_budget_scope();
  ~suggestion_budget_scope();
  suggestion_budget_scope(const suggestion_budget_scope&) = delete;
  suggestion_budget_scope& operator=(const suggestion_budget_scope&) = delete;
};

}  // namespace hotdog::sim::loading
