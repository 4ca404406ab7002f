/// Every rule wp knows, in the order `docs/rules.md` lists them.
public enum RuleRegistry {
    public static let rules: [any Rule.Type] = [
        SchemaRule.self,
        DuplicateIDRule.self,
        TaskIDPrefixRule.self,
        UnresolvedReferenceRule.self,
        UnverifiableReferenceRule.self,
        DependencyCycleRule.self,
        FinishedWithOpenWorkRule.self,
        DoneWithOpenDependencyRule.self,
        InProgressWithPendingDecisionRule.self,
        ResolvedWithoutResolutionRule.self,
        WaitingWithoutReasonRule.self,
        RequiredFieldsRule.self,
        ProseUndeclaredBlockerRule.self,
        ProseUnresolvedReferenceRule.self,
        UpdatedBeforeCreatedRule.self,
        UpdatedNotBumpedRule.self,
        IllegalTransitionRule.self,
        IllegalInitialStatusRule.self,
        DeletedWithDependentsRule.self,
    ]

    public static var descriptions: [RuleDescription] { rules.map { $0.description } }
}
