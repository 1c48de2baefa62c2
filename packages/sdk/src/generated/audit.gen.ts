// Generated from services/audit/openapi.json by `pnpm --filter @bulwark/sdk generate`. Do not edit.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            service: string;
                            /** @enum {string} */
                            status: "ok";
                            version: string;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            service: string;
                            /** @enum {string} */
                            status: "ok";
                            version: string;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem details */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the caller's tenant's events
         * @description Keyset-paginated on (occurred_at, id), newest first unless order=asc.
         *
         *     Requires scope `audit:read`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Action prefix, e.g. `agent.action.email`. */
                    action?: string;
                    /** @description actor.id */
                    actor?: string;
                    /** @description Acting agent or any agent in the delegation chain. */
                    agent?: string;
                    cursor?: string;
                    /** @description Inclusive lower bound of occurred_at. */
                    from?: string;
                    limit?: number;
                    /** @description on_behalf_of.id */
                    on_behalf_of?: string;
                    order?: "desc" | "asc";
                    outcome?: "success" | "failure" | "denied";
                    request_id?: string;
                    /** @description `id` or `type:id`. */
                    target?: string;
                    /** @description Exclusive upper bound of occurred_at. */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                action: string;
                                actor: {
                                    id: string;
                                    type: "user" | "agent" | "api_key" | "service" | "system";
                                };
                                chain: {
                                    hash: string;
                                    prev_hash: string;
                                    seq: number;
                                    /** Format: date-time */
                                    stored_at: string;
                                };
                                changes: {
                                    after: unknown;
                                    before: unknown;
                                } | null;
                                credential: {
                                    id_hash: string;
                                    kind: "access_token" | "api_key" | "client_secret" | "private_key_jwt" | "assertion" | "refresh_token" | "none" | "internal";
                                    scopes: string[];
                                } | null;
                                /** @description Outermost (current) actor first. */
                                delegation_chain: {
                                    sub: string;
                                }[];
                                /**
                                 * Format: uuid
                                 * @description UUIDv7; also the BullMQ jobId, which makes delivery idempotent.
                                 */
                                id: string;
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                occurred_at: string;
                                on_behalf_of: {
                                    id: string;
                                    type: "user" | "agent" | "api_key" | "service" | "system";
                                } | null;
                                outcome: {
                                    reason?: string | null;
                                    status: "success" | "failure" | "denied";
                                };
                                request_id: string | null;
                                /** @enum {number} */
                                schema_version: 1;
                                source: {
                                    ip: string | null;
                                    user_agent: string | null;
                                };
                                target: {
                                    id: string;
                                    type: string;
                                } | null;
                                tenant_id: string;
                                /** @description Billable quantity. */
                                units: number;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:read`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Report agent actions (one event or up to 1,000)
         * @description Answers 202 once the events are committed to the durable outbox; the worker stores and chains them shortly after. With an access token the actor, on_behalf_of and delegation chain come from the token.
         *
         *     Requires scope `audit:write`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        events: {
                            /** @description agent.action.* */
                            action: string;
                            actor?: {
                                id: string;
                                type: "user" | "agent" | "api_key" | "service" | "system";
                            };
                            changes?: {
                                after: unknown;
                                before: unknown;
                            } | null;
                            /** @description Outermost (current) actor first. */
                            delegation_chain?: {
                                sub: string;
                            }[];
                            /**
                             * Format: uuid
                             * @description Client-chosen UUIDv7: repeating it is a no-op.
                             */
                            id?: string;
                            metadata?: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            occurred_at?: string;
                            on_behalf_of?: {
                                id: string;
                                type: "user" | "agent" | "api_key" | "service" | "system";
                            } | null;
                            outcome?: {
                                reason?: string | null;
                                status: "success" | "failure" | "denied";
                            };
                            request_id?: string | null;
                            target?: {
                                id: string;
                                type: string;
                            } | null;
                            /** @description Billable quantity. */
                            units?: number;
                        }[];
                    } | {
                        /** @description agent.action.* */
                        action: string;
                        actor?: {
                            id: string;
                            type: "user" | "agent" | "api_key" | "service" | "system";
                        };
                        changes?: {
                            after: unknown;
                            before: unknown;
                        } | null;
                        /** @description Outermost (current) actor first. */
                        delegation_chain?: {
                            sub: string;
                        }[];
                        /**
                         * Format: uuid
                         * @description Client-chosen UUIDv7: repeating it is a no-op.
                         */
                        id?: string;
                        metadata?: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        occurred_at?: string;
                        on_behalf_of?: {
                            id: string;
                            type: "user" | "agent" | "api_key" | "service" | "system";
                        } | null;
                        outcome?: {
                            reason?: string | null;
                            status: "success" | "failure" | "denied";
                        };
                        request_id?: string | null;
                        target?: {
                            id: string;
                            type: string;
                        } | null;
                        /** @description Billable quantity. */
                        units?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accepted: number;
                            ids: string[];
                            replayed: string[];
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:write`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One event
         * @description Requires scope `audit:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            action: string;
                            actor: {
                                id: string;
                                type: "user" | "agent" | "api_key" | "service" | "system";
                            };
                            chain: {
                                hash: string;
                                prev_hash: string;
                                seq: number;
                                /** Format: date-time */
                                stored_at: string;
                            };
                            changes: {
                                after: unknown;
                                before: unknown;
                            } | null;
                            credential: {
                                id_hash: string;
                                kind: "access_token" | "api_key" | "client_secret" | "private_key_jwt" | "assertion" | "refresh_token" | "none" | "internal";
                                scopes: string[];
                            } | null;
                            /** @description Outermost (current) actor first. */
                            delegation_chain: {
                                sub: string;
                            }[];
                            /**
                             * Format: uuid
                             * @description UUIDv7; also the BullMQ jobId, which makes delivery idempotent.
                             */
                            id: string;
                            metadata?: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            occurred_at: string;
                            on_behalf_of: {
                                id: string;
                                type: "user" | "agent" | "api_key" | "service" | "system";
                            } | null;
                            outcome: {
                                reason?: string | null;
                                status: "success" | "failure" | "denied";
                            };
                            request_id: string | null;
                            /** @enum {number} */
                            schema_version: 1;
                            source: {
                                ip: string | null;
                                user_agent: string | null;
                            };
                            target: {
                                id: string;
                                type: string;
                            } | null;
                            tenant_id: string;
                            /** @description Billable quantity. */
                            units: number;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:read`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream every matching event as NDJSON, CSV or OCSF NDJSON
         * @description Oldest first, from one database snapshot. `X-Total-Count` is the exact number of records the body will carry, so a client shows progress as records received / X-Total-Count.
         *
         *     Requires scope `audit:read`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Action prefix, e.g. `agent.action.email`. */
                    action?: string;
                    /** @description actor.id */
                    actor?: string;
                    /** @description Acting agent or any agent in the delegation chain. */
                    agent?: string;
                    format?: "ndjson" | "csv" | "ocsf";
                    /** @description Inclusive lower bound of occurred_at. */
                    from?: string;
                    /** @description on_behalf_of.id */
                    on_behalf_of?: string;
                    outcome?: "success" | "failure" | "denied";
                    request_id?: string;
                    /** @description `id` or `type:id`. */
                    target?: string;
                    /** @description Exclusive upper bound of occurred_at. */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The export stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": unknown;
                        "text/csv": unknown;
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:read`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reconcile/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The reconciler's last run per source outbox (operators only)
         * @description Spans every tenant: needs `audit:admin` from a tenant listed in AUDIT_ADMIN_TENANTS, or the bootstrap admin credential (`*`).
         *
         *     Requires scope `audit:admin`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sources: {
                                /** @description Why a source was skipped or failed */
                                detail: string | null;
                                /** @description Missing rows that could not be re-enqueued */
                                invalid: number;
                                last_run_at: string | null;
                                /** @description Of those, rows the store did not hold */
                                missing: number;
                                reenqueued: number;
                                rescan_requested_at: string | null;
                                /** @description Dispatched outbox events compared in the last run (a batch row counts each of its events) */
                                scanned: number;
                                /** @description `host:port/database` of the outbox */
                                source: string;
                                status: "pending" | "ok" | "skipped" | "failed";
                                total_reenqueued: number;
                                watermark_at: string | null;
                            }[];
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:admin`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's tenant's retention, in days
         * @description Requires scope `audit:admin`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            days: number;
                            default_days: number;
                            source: "tenant" | "default";
                            tenant_id: string;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:admin`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /**
         * Set the caller's tenant's retention, in days (1-36500)
         * @description Audited as `audit.retention.update`. Enforced by dropping whole monthly partitions shared by every tenant: a month goes once the longest retention in force has passed it (a signed checkpoint is taken first, and the drop is audited).
         *
         *     Requires scope `audit:admin`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        days: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            days: number;
                            default_days: number;
                            source: "tenant" | "default";
                            tenant_id: string;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:admin`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the caller's tenant's sinks
         * @description Creation order; pass `next_cursor` as `cursor` for the next page.
         *
         *     Requires scope `audit:read`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                action_prefixes: string[];
                                /** Format: date-time */
                                created_at: string;
                                description: string | null;
                                enabled: boolean;
                                /** @description A sink id (`snk_…`). */
                                id: string;
                                /** @description During a rotation overlap: when the old secret stops signing. */
                                previous_secret_expires_at: string | null;
                                /** @description During a rotation overlap: the hint of the old secret, which still signs too. */
                                previous_secret_hint: string | null;
                                /** @description The first characters of the signing secret, to tell secrets apart. */
                                secret_hint: string;
                                tenant_id: string;
                                /** Format: date-time */
                                updated_at: string;
                                url: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:read`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a webhook sink
         * @description Answers with the sink and its `whsec_…` signing secret, which is shown only here. Deliveries are POSTed as `{delivery_id, sink_id, events}` with `Bulwark-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (during a secret rotation one `v1` per live secret, newest first; accept the delivery when any matches) and `Bulwark-Event-Ids`. Honours `Idempotency-Key` (keys expire after 24 h by default; an expired key is a new request). A URL whose destination is not allowed is a 400 naming `/body/url`.
         *
         *     Requires scope `audit:admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Repeating the request with the same key answers with the same sink. */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Deliver only events whose action starts with one of these; empty or absent = every event. */
                        action_prefixes?: string[];
                        description?: string | null;
                        /** @default true */
                        enabled?: boolean;
                        /** @description Absolute https URL that receives the POSTs (plain http only where the deployment allows it). It must reach a public address: loopback, private, link-local and other special-purpose networks are refused unless the deployment allows them. */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            action_prefixes: string[];
                            /** Format: date-time */
                            created_at: string;
                            description: string | null;
                            enabled: boolean;
                            /** @description A sink id (`snk_…`). */
                            id: string;
                            /** @description During a rotation overlap: when the old secret stops signing. */
                            previous_secret_expires_at: string | null;
                            /** @description During a rotation overlap: the hint of the old secret, which still signs too. */
                            previous_secret_hint: string | null;
                            /** @description The `whsec_…` signing secret. Shown only in this answer (and its Idempotency-Key replays). */
                            secret: string;
                            /** @description The first characters of the signing secret, to tell secrets apart. */
                            secret_hint: string;
                            tenant_id: string;
                            /** Format: date-time */
                            updated_at: string;
                            url: string;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:admin`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The Idempotency-Key was used for another request (or its sink was deleted or had its secret rotated since), or the tenant has too many sinks. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One sink (never its secret)
         * @description Requires scope `audit:read`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A sink id (`snk_…`). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            action_prefixes: string[];
                            /** Format: date-time */
                            created_at: string;
                            description: string | null;
                            enabled: boolean;
                            /** @description A sink id (`snk_…`). */
                            id: string;
                            /** @description During a rotation overlap: when the old secret stops signing. */
                            previous_secret_expires_at: string | null;
                            /** @description During a rotation overlap: the hint of the old secret, which still signs too. */
                            previous_secret_hint: string | null;
                            /** @description The first characters of the signing secret, to tell secrets apart. */
                            secret_hint: string;
                            tenant_id: string;
                            /** Format: date-time */
                            updated_at: string;
                            url: string;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:read`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description No such resource in the caller's tenant (other tenants' ids included). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a sink and its dead letters
         * @description Deliveries still queued for it are dropped without being sent.
         *
         *     Requires scope `audit:admin`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A sink id (`snk_…`). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done; no body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:admin`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description No such resource in the caller's tenant (other tenants' ids included). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a sink's URL, description, action filter or enabled flag
         * @description Requires scope `audit:admin`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A sink id (`snk_…`). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Deliver only events whose action starts with one of these; empty or absent = every event. */
                        action_prefixes?: string[];
                        description?: string | null;
                        enabled?: boolean;
                        /** @description Absolute https URL that receives the POSTs (plain http only where the deployment allows it). It must reach a public address: loopback, private, link-local and other special-purpose networks are refused unless the deployment allows them. */
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            action_prefixes: string[];
                            /** Format: date-time */
                            created_at: string;
                            description: string | null;
                            enabled: boolean;
                            /** @description A sink id (`snk_…`). */
                            id: string;
                            /** @description During a rotation overlap: when the old secret stops signing. */
                            previous_secret_expires_at: string | null;
                            /** @description During a rotation overlap: the hint of the old secret, which still signs too. */
                            previous_secret_hint: string | null;
                            /** @description The first characters of the signing secret, to tell secrets apart. */
                            secret_hint: string;
                            tenant_id: string;
                            /** Format: date-time */
                            updated_at: string;
                            url: string;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:admin`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description No such resource in the caller's tenant (other tenants' ids included). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/sinks/{id}/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deliveries to this sink that exhausted their retries
         * @description Newest first; `status` filters (`dead` = waiting for a retry decision).
         *
         *     Requires scope `audit:read`.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "dead" | "retrying" | "delivered";
                };
                header?: never;
                path: {
                    /** @description A sink id (`snk_…`). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description Delivery attempts over every run. */
                                attempts: number;
                                delivery_id: string;
                                event_ids: string[];
                                /** Format: date-time */
                                failed_at: string;
                                last_error: string;
                                /** @description HTTP status of the last attempt; null = no answer. */
                                last_status: number | null;
                                redeliveries: number;
                                sink_id: string;
                                status: "dead" | "retrying" | "delivered";
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:read`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description No such resource in the caller's tenant (other tenants' ids included). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks/{id}/dead-letters/{delivery_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver a dead letter again
         * @description Queues a redelivery with a fresh run of attempts and answers 202 with `status: retrying`; the entry becomes `delivered` when it goes through, or `dead` again. Asking again while it is queued is harmless.
         *
         *     Requires scope `audit:admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A delivery id (`dlv_…`). */
                    delivery_id: string;
                    /** @description A sink id (`snk_…`). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Delivery attempts over every run. */
                            attempts: number;
                            delivery_id: string;
                            event_ids: string[];
                            /** Format: date-time */
                            failed_at: string;
                            last_error: string;
                            /** @description HTTP status of the last attempt; null = no answer. */
                            last_status: number | null;
                            redeliveries: number;
                            sink_id: string;
                            status: "dead" | "retrying" | "delivered";
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:admin`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description No such resource in the caller's tenant (other tenants' ids included). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The delivery was already redelivered successfully. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a sink's signing secret
         * @description Answers with the sink and its new `whsec_…` secret, shown only here. For `overlap_seconds` (default 24 h, at most 7 days, 0 = none) deliveries carry `Bulwark-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (during a secret rotation one `v1` per live secret, newest first; accept the delivery when any matches), so the receiver can switch secrets without a gap; after that only the new secret signs. Rotating again during a window retires the older secret at once. The body may be omitted (or `{}`) for the defaults.
         *
         *     Requires scope `audit:admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A sink id (`snk_…`). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description How long deliveries are also signed with the old secret (0 = retire it at once; at most 7 days).
                         * @default 86400
                         */
                        overlap_seconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            action_prefixes: string[];
                            /** Format: date-time */
                            created_at: string;
                            description: string | null;
                            enabled: boolean;
                            /** @description A sink id (`snk_…`). */
                            id: string;
                            /** @description During a rotation overlap: when the old secret stops signing. */
                            previous_secret_expires_at: string | null;
                            /** @description During a rotation overlap: the hint of the old secret, which still signs too. */
                            previous_secret_hint: string | null;
                            /** @description The new `whsec_…` signing secret. Shown only in this answer. */
                            secret: string;
                            /** @description The first characters of the signing secret, to tell secrets apart. */
                            secret_hint: string;
                            tenant_id: string;
                            /** Format: date-time */
                            updated_at: string;
                            url: string;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:admin`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description No such resource in the caller's tenant (other tenants' ids included). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recompute the caller's tenant's hash chain and check its signed checkpoints
         * @description ok=false names the first broken link (seq, event id when the row exists, reason).
         *
         *     Requires scope `audit:read`.
         */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            anchored: boolean;
                            checkpoints_checked: number;
                            events_checked: number;
                            first_broken: {
                                event_id: string | null;
                                reason: string;
                                seq: number;
                            } | null;
                            from_seq: number | null;
                            head: {
                                hash: string;
                                seq: number;
                            } | null;
                            ok: boolean;
                            tenant_id: string;
                            to_seq: number | null;
                        };
                    };
                };
                /** @description The request is invalid (problem+json lists every offending field). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing, invalid, expired or revoked credential. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The credential lacks the scope `audit:read`. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Rate limit exceeded; see Retry-After. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Unexpected error; quote request_id when reporting it. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            code: string;
                            detail: string;
                            errors?: {
                                field: string;
                                message: string;
                            }[];
                            request_id: string;
                            status: number;
                            title: string;
                            /** Format: uri */
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
