// Generated from services/flags/openapi.json by `pnpm --filter @bulwark/sdk generate`. Do not edit.
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
    "/v1/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Evaluates flags for the caller. The context (userId, agentId, tenantId, scopes, entitlements, plan) comes from the verified bearer credential; caller properties with those names are ignored. */
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
                        context?: {
                            /** @description Extra properties; token-derived names (tenantId, agentId, scopes, …) are ignored. */
                            properties?: {
                                [key: string]: string;
                            };
                            remote_address?: string;
                            session_id?: string;
                        };
                        /** @description Omit to evaluate all of your flags. */
                        flags?: string[];
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
                            context: {
                                properties: {
                                    [key: string]: string;
                                };
                                session_id?: string;
                                user_id: string;
                            };
                            flags: {
                                [key: string]: {
                                    enabled: boolean;
                                    variant: {
                                        enabled: boolean;
                                        name: string;
                                        payload?: {
                                            type: string;
                                            value: string;
                                        };
                                    };
                                };
                            };
                            /** @description Caller fields dropped because the token owns them. */
                            ignored_context: string[];
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
                /** @description RFC 9457 problem details */
                401: {
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
    "/v1/flags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `flags:read` or `flags:admin`. */
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
                            data: {
                                created_at: string | null;
                                description: string | null;
                                enabled: boolean;
                                name: string;
                                rollout: number;
                                /** @description The name inside Unleash: `<tenant_id>.<name>`. */
                                unleash_name: string;
                                variants: {
                                    name: string;
                                    payload?: {
                                        type: "string" | "json" | "csv" | "number";
                                        value: string;
                                    };
                                    /** @description Out of 1000; omit to share equally. */
                                    weight?: number;
                                }[];
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
                /** @description The credential lacks the scope `flags:read` or `flags:admin`. */
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
        /** @description Requires scope `flags:admin`. */
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
                        description?: string;
                        /** @default false */
                        enabled?: boolean;
                        name: string;
                        /** @description Percentage of users (sticky on userId). */
                        rollout?: number;
                        variants?: {
                            name: string;
                            payload?: {
                                type: "string" | "json" | "csv" | "number";
                                value: string;
                            };
                            /** @description Out of 1000; omit to share equally. */
                            weight?: number;
                        }[];
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
                            created_at: string | null;
                            description: string | null;
                            enabled: boolean;
                            name: string;
                            rollout: number;
                            /** @description The name inside Unleash: `<tenant_id>.<name>`. */
                            unleash_name: string;
                            variants: {
                                name: string;
                                payload?: {
                                    type: "string" | "json" | "csv" | "number";
                                    value: string;
                                };
                                /** @description Out of 1000; omit to share equally. */
                                weight?: number;
                            }[];
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
                /** @description The credential lacks the scope `flags:admin`. */
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
                /** @description RFC 9457 problem details */
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
    "/v1/flags/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `flags:read` or `flags:admin`. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
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
                            created_at: string | null;
                            description: string | null;
                            enabled: boolean;
                            name: string;
                            rollout: number;
                            /** @description The name inside Unleash: `<tenant_id>.<name>`. */
                            unleash_name: string;
                            variants: {
                                name: string;
                                payload?: {
                                    type: "string" | "json" | "csv" | "number";
                                    value: string;
                                };
                                /** @description Out of 1000; omit to share equally. */
                                weight?: number;
                            }[];
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
                /** @description The credential lacks the scope `flags:read` or `flags:admin`. */
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
                /** @description RFC 9457 problem details */
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
        /** @description Requires scope `flags:admin`. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
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
                /** @description The credential lacks the scope `flags:admin`. */
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
                /** @description RFC 9457 problem details */
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
        patch?: never;
        trace?: never;
    };
    "/v1/flags/{name}/rollout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** @description Requires scope `flags:admin`. */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Percentage of users (sticky on userId). */
                        rollout: number;
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
                            created_at: string | null;
                            description: string | null;
                            enabled: boolean;
                            name: string;
                            rollout: number;
                            /** @description The name inside Unleash: `<tenant_id>.<name>`. */
                            unleash_name: string;
                            variants: {
                                name: string;
                                payload?: {
                                    type: "string" | "json" | "csv" | "number";
                                    value: string;
                                };
                                /** @description Out of 1000; omit to share equally. */
                                weight?: number;
                            }[];
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
                /** @description The credential lacks the scope `flags:admin`. */
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
                /** @description RFC 9457 problem details */
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
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/flags/{name}/toggle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Requires scope `flags:admin`. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        enabled: boolean;
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
                            created_at: string | null;
                            description: string | null;
                            enabled: boolean;
                            name: string;
                            rollout: number;
                            /** @description The name inside Unleash: `<tenant_id>.<name>`. */
                            unleash_name: string;
                            variants: {
                                name: string;
                                payload?: {
                                    type: "string" | "json" | "csv" | "number";
                                    value: string;
                                };
                                /** @description Out of 1000; omit to share equally. */
                                weight?: number;
                            }[];
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
                /** @description The credential lacks the scope `flags:admin`. */
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
                /** @description RFC 9457 problem details */
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
    "/v1/flags/{name}/variants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** @description Requires scope `flags:admin`. */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        variants: {
                            name: string;
                            payload?: {
                                type: "string" | "json" | "csv" | "number";
                                value: string;
                            };
                            /** @description Out of 1000; omit to share equally. */
                            weight?: number;
                        }[];
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
                            created_at: string | null;
                            description: string | null;
                            enabled: boolean;
                            name: string;
                            rollout: number;
                            /** @description The name inside Unleash: `<tenant_id>.<name>`. */
                            unleash_name: string;
                            variants: {
                                name: string;
                                payload?: {
                                    type: "string" | "json" | "csv" | "number";
                                    value: string;
                                };
                                /** @description Out of 1000; omit to share equally. */
                                weight?: number;
                            }[];
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
                /** @description The credential lacks the scope `flags:admin`. */
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
                /** @description RFC 9457 problem details */
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
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sdk-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `flags:admin`. */
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
                            backend_token: string;
                            environment: string;
                            frontend_token: string;
                            refresh_interval_ms: number;
                            /** @description Base URL of the embedded Unleash (append /api for SDKs). */
                            unleash_url: string;
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
                /** @description The credential lacks the scope `flags:admin`. */
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
