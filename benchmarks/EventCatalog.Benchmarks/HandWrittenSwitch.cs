namespace EventCatalog.Benchmarks;

/// <summary>
/// The root catalog's <c>valid_event?</c> as a user would hand-write it in C#: a <c>switch</c> over the
/// category's wire name, then over the event type's (issue 13's baseline for <c>IsValidEvent</c>).
/// </summary>
internal static class HandWrittenSwitch
{
    public static bool IsValidEvent(string? category, string? eventType)
    {
        switch (category)
        {
            case "system":
                switch (eventType)
                {
                    case "system_startup_initiated":
                    case "subsystem_starting":
                    case "subsystem_ready":
                    case "subsystem_failed":
                    case "control_plane_starting":
                    case "initialization_started":
                    case "system_ready":
                    case "systems_pending":
                    case "subsystem_stopping":
                        return true;
                    default:
                        return false;
                }

            case "cluster":
                switch (eventType)
                {
                    case "cluster_join_attempted":
                    case "cluster_joined":
                    case "cluster_join_failed":
                    case "node_discovered":
                    case "node_failure_detected":
                    case "cluster_membership_changed":
                    case "coordinator_not_available":
                    case "single_node_mode":
                    case "unknown_db_type":
                    case "no_connected_nodes":
                    case "attempting_direct_join":
                    case "no_existing_cluster_found":
                    case "cluster_joined_successfully":
                    case "cluster_left":
                    case "cluster_leave_failed":
                        return true;
                    default:
                        return false;
                }

            case "leadership":
                switch (eventType)
                {
                    case "leadership_assumed":
                    case "leadership_lost":
                    case "khepri_leader_changed":
                    case "leader_lookup_failed":
                    case "activating_leader_worker":
                    case "leader_worker_activated":
                    case "leader_worker_activation_failed":
                    case "leader_detected":
                    case "leadership_change":
                    case "leadership_lost_event":
                        return true;
                    default:
                        return false;
                }

            case "persistence":
                switch (eventType)
                {
                    case "persistence_worker_started":
                    case "events_persisted":
                    case "persistence_write_started":
                    case "persistence_error":
                    case "persistence_requested":
                    case "persistence_completed":
                    case "persistence_failed":
                        return true;
                    default:
                        return false;
                }

            case "gateway":
                switch (eventType)
                {
                    case "gateway_worker_started":
                    case "gateway_worker_terminated":
                    case "stream_write_requested":
                    case "registration_failed":
                    case "gateway_worker_registered":
                    case "gateway_worker_unregistered":
                        return true;
                    default:
                        return false;
                }

            case "coordination":
                switch (eventType)
                {
                    case "coordinator_elected":
                    case "coordinator_waiting":
                    case "cluster_verification_success":
                    case "cluster_verification_warning":
                    case "event_published":
                    case "event_publication_failed":
                    case "subscription_started":
                    case "subscription_ended":
                        return true;
                    default:
                        return false;
                }

            case "subscriptions":
                switch (eventType)
                {
                    case "subscription_created":
                    case "subscription_updated":
                    case "subscription_deleted":
                    case "emitter_pool_started":
                    case "emitter_pool_stopped":
                    case "emitter_pool_failed":
                    case "subscription_registered":
                    case "subscription_unregistered":
                        return true;
                    default:
                        return false;
                }
            default:
                return false;
        }
    }
}
