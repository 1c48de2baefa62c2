// Generated from services/licensing/openapi.json by `pnpm --filter @bulwark/sdk generate`. Do not edit.
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
    "/v1/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description What an owner (user, customer or tenant id) is entitled to across its active licenses.
         *
         *     Requires scope `licensing:read` or `licensing:admin`.
         */
        get: {
            parameters: {
                query: {
                    owner: string;
                    owner_type?: "tenant" | "user" | "customer";
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
                            entitlements: string[];
                            licenses: {
                                active: boolean;
                                entitlements: string[];
                                license_id: string;
                                product_id: string;
                            }[];
                            owner: {
                                id: string;
                                type: ("tenant" | "user" | "customer") | null;
                            };
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
                /** @description The credential lacks the scope `licensing:read` or `licensing:admin`. */
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
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Every public key that signed keys or files, current and retired (JWKS). */
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
                            keys: {
                                /** @enum {string} */
                                alg: "EdDSA";
                                /** @enum {string} */
                                crv: "Ed25519";
                                kid: string;
                                /** @enum {string} */
                                kty: "OKP";
                                /** @enum {string} */
                                use: "sig";
                                x: string;
                            }[];
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
    "/v1/keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Requires scope `tenants:admin`. */
        post: {
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
                            active_kid: string;
                            retired_kid: string | null;
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
                /** @description The credential lacks the scope `tenants:admin`. */
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
    "/v1/licenses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `licensing:read` or `licensing:admin`. */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    owner_id?: string;
                    owner_type?: "tenant" | "user" | "customer";
                    status?: "active" | "suspended" | "revoked" | "expired";
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
                                /** Format: date-time */
                                created_at: string;
                                entitlements: string[];
                                expires_at: string | null;
                                id: string;
                                key_hint: string;
                                last_check_in_at: string | null;
                                max_machines: number | null;
                                /** @description Free-form JSON, not secret. */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                owner: {
                                    id: string;
                                    type: "tenant" | "user" | "customer";
                                };
                                policy_id: string;
                                product_id: string;
                                status: "active" | "suspended" | "revoked" | "expired";
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
                /** @description The credential lacks the scope `licensing:read` or `licensing:admin`. */
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
        /** @description Requires scope `licensing:admin`. */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entitlements?: string[];
                        expires_at?: string | null;
                        /** @description Free-form JSON, not secret. */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        owner: {
                            id: string;
                            type: "tenant" | "user" | "customer";
                        };
                        policy_id: string;
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
                            /** Format: date-time */
                            created_at: string;
                            entitlements: string[];
                            expires_at: string | null;
                            id: string;
                            /** @description The signed license key. Shown here; hand it to the customer. */
                            key: string;
                            key_hint: string;
                            last_check_in_at: string | null;
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            owner: {
                                id: string;
                                type: "tenant" | "user" | "customer";
                            };
                            policy_id: string;
                            product_id: string;
                            status: "active" | "suspended" | "revoked" | "expired";
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/licenses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description License metadata. The key itself is shown once, at creation, and never again (only `key_hint`); a lost key is replaced by issuing a new license and revoking or deleting this one.
         *
         *     Requires scope `licensing:read` or `licensing:admin`.
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
                            /** Format: date-time */
                            created_at: string;
                            entitlements: string[];
                            expires_at: string | null;
                            id: string;
                            key_hint: string;
                            last_check_in_at: string | null;
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            owner: {
                                id: string;
                                type: "tenant" | "user" | "customer";
                            };
                            policy_id: string;
                            product_id: string;
                            status: "active" | "suspended" | "revoked" | "expired";
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
                /** @description The credential lacks the scope `licensing:read` or `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
         * @description Deletes the license and its machines; its key then validates as NOT_FOUND. Revoke keeps history.
         *
         *     Requires scope `licensing:admin`.
         */
        delete: {
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
                /** @description No content. */
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
         * @description Changes expiry, extra entitlements or metadata (status: lifecycle verbs; owner: transfer). The key is not re-signed: validation and new files see the change, the key's claims do not.
         *
         *     Requires scope `licensing:admin`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entitlements?: string[];
                        expires_at?: string | null;
                        /** @description Free-form JSON, not secret. */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        /** @description Cannot change: use transfer. */
                        owner?: unknown;
                        /** @description Cannot change: issue a new license under the other policy. */
                        policy_id?: unknown;
                        /** @description Cannot change: use suspend, reinstate, revoke or renew. */
                        status?: unknown;
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
                            /** Format: date-time */
                            created_at: string;
                            entitlements: string[];
                            expires_at: string | null;
                            id: string;
                            key_hint: string;
                            last_check_in_at: string | null;
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            owner: {
                                id: string;
                                type: "tenant" | "user" | "customer";
                            };
                            policy_id: string;
                            product_id: string;
                            status: "active" | "suspended" | "revoked" | "expired";
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
    "/v1/licenses/{id}/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Checks out a license file, or a machine file when `fingerprint` is given, for an air-gapped site.
         *
         *     Requires scope `licensing:admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fingerprint?: string;
                        ttl?: number;
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
                            /** Format: date-time */
                            expires_at: string;
                            /** @description Save as JSON; verify with @bulwark/license-verifier or by the README recipe. */
                            file: {
                                /** @enum {string} */
                                alg: "EdDSA";
                                ciphertext: string;
                                /** @enum {string} */
                                enc: "aes-256-gcm";
                                /** @enum {string} */
                                format: "BWLF1";
                                iv: string;
                                kid: string;
                                sig: string;
                                tag: string;
                                type: "license" | "machine";
                            };
                            /** Format: date-time */
                            issued_at: string;
                            type: "license" | "machine";
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
                /** @description The license refuses this (`license_code`: REVOKED, SUSPENDED, EXPIRED, BAD_SIGNATURE…). */
                403: {
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
                /** @description Not found (or owned by another tenant). */
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
    "/v1/licenses/{id}/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `licensing:read` or `licensing:admin`. */
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
                            active: boolean;
                            entitlements: string[];
                            license_id: string;
                            product_id: string;
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
                /** @description The credential lacks the scope `licensing:read` or `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
    "/v1/licenses/{id}/machines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `licensing:read` or `licensing:admin`. */
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
                            /** @description False once the policy heartbeat interval passed without a heartbeat. */
                            alive: boolean;
                            /** Format: date-time */
                            created_at: string;
                            fingerprint: string;
                            id: string;
                            last_heartbeat_at: string | null;
                            license_id: string;
                            name: string | null;
                            platform: string | null;
                        }[];
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
                /** @description The credential lacks the scope `licensing:read` or `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
        /**
         * @description Activates a machine on behalf of a customer (air-gapped installs).
         *
         *     Requires scope `licensing:admin`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fingerprint: string;
                        name?: string;
                        platform?: string;
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
                            /** @description False once the policy heartbeat interval passed without a heartbeat. */
                            alive: boolean;
                            /** Format: date-time */
                            created_at: string;
                            fingerprint: string;
                            id: string;
                            last_heartbeat_at: string | null;
                            license_id: string;
                            name: string | null;
                            platform: string | null;
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
                /** @description The license refuses this (`license_code`: REVOKED, SUSPENDED, EXPIRED, BAD_SIGNATURE…). */
                403: {
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/licenses/{id}/reinstate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Requires scope `licensing:admin`. */
        post: {
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
                            /** Format: date-time */
                            created_at: string;
                            entitlements: string[];
                            expires_at: string | null;
                            id: string;
                            key_hint: string;
                            last_check_in_at: string | null;
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            owner: {
                                id: string;
                                type: "tenant" | "user" | "customer";
                            };
                            policy_id: string;
                            product_id: string;
                            status: "active" | "suspended" | "revoked" | "expired";
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/licenses/{id}/renew": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Requires scope `licensing:admin`. */
        post: {
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
                            /** Format: date-time */
                            created_at: string;
                            entitlements: string[];
                            expires_at: string | null;
                            id: string;
                            key_hint: string;
                            last_check_in_at: string | null;
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            owner: {
                                id: string;
                                type: "tenant" | "user" | "customer";
                            };
                            policy_id: string;
                            product_id: string;
                            status: "active" | "suspended" | "revoked" | "expired";
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/licenses/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Requires scope `licensing:admin`. */
        post: {
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
                            /** Format: date-time */
                            created_at: string;
                            entitlements: string[];
                            expires_at: string | null;
                            id: string;
                            key_hint: string;
                            last_check_in_at: string | null;
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            owner: {
                                id: string;
                                type: "tenant" | "user" | "customer";
                            };
                            policy_id: string;
                            product_id: string;
                            status: "active" | "suspended" | "revoked" | "expired";
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/licenses/{id}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Requires scope `licensing:admin`. */
        post: {
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
                            /** Format: date-time */
                            created_at: string;
                            entitlements: string[];
                            expires_at: string | null;
                            id: string;
                            key_hint: string;
                            last_check_in_at: string | null;
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            owner: {
                                id: string;
                                type: "tenant" | "user" | "customer";
                            };
                            policy_id: string;
                            product_id: string;
                            status: "active" | "suspended" | "revoked" | "expired";
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/licenses/{id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Requires scope `licensing:admin`. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        owner: {
                            id: string;
                            type: "tenant" | "user" | "customer";
                        };
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
                            /** Format: date-time */
                            created_at: string;
                            entitlements: string[];
                            expires_at: string | null;
                            id: string;
                            key_hint: string;
                            last_check_in_at: string | null;
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            owner: {
                                id: string;
                                type: "tenant" | "user" | "customer";
                            };
                            policy_id: string;
                            product_id: string;
                            status: "active" | "suspended" | "revoked" | "expired";
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/licenses/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Reports an offline install back and returns a fresh file. */
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
                        fingerprint?: string;
                        /** @description The license key (BWL1.…). */
                        key: string;
                        ttl?: number;
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
                            /** Format: date-time */
                            expires_at: string;
                            /** @description Save as JSON; verify with @bulwark/license-verifier or by the README recipe. */
                            file: {
                                /** @enum {string} */
                                alg: "EdDSA";
                                ciphertext: string;
                                /** @enum {string} */
                                enc: "aes-256-gcm";
                                /** @enum {string} */
                                format: "BWLF1";
                                iv: string;
                                kid: string;
                                sig: string;
                                tag: string;
                                type: "license" | "machine";
                            };
                            /** Format: date-time */
                            issued_at: string;
                            type: "license" | "machine";
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
                /** @description The license refuses this (`license_code`: REVOKED, SUSPENDED, EXPIRED, BAD_SIGNATURE…). */
                403: {
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
                /** @description Not found (or owned by another tenant). */
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
    "/v1/licenses/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description License file (or machine file with `fingerprint`) for the holder of the key. */
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
                        fingerprint?: string;
                        /** @description The license key (BWL1.…). */
                        key: string;
                        ttl?: number;
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
                            /** Format: date-time */
                            expires_at: string;
                            /** @description Save as JSON; verify with @bulwark/license-verifier or by the README recipe. */
                            file: {
                                /** @enum {string} */
                                alg: "EdDSA";
                                ciphertext: string;
                                /** @enum {string} */
                                enc: "aes-256-gcm";
                                /** @enum {string} */
                                format: "BWLF1";
                                iv: string;
                                kid: string;
                                sig: string;
                                tag: string;
                                type: "license" | "machine";
                            };
                            /** Format: date-time */
                            issued_at: string;
                            type: "license" | "machine";
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
                /** @description The license refuses this (`license_code`: REVOKED, SUSPENDED, EXPIRED, BAD_SIGNATURE…). */
                403: {
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
                /** @description Not found (or owned by another tenant). */
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
    "/v1/licenses/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Validates a key. Always 200 with a code for any key string: VALID, NOT_FOUND, BAD_SIGNATURE, REVOKED, SUSPENDED, EXPIRED, PRODUCT_MISMATCH, ENTITLEMENTS_MISSING, TOO_MANY_MACHINES, NO_MACHINE, FINGERPRINT_MISMATCH, HEARTBEAT_DEAD (checked in this order). */
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
                        entitlements?: string[];
                        fingerprint?: string;
                        /** @description The license key (BWL1.…). */
                        key: string;
                        product?: string;
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
                            code: "VALID" | "NOT_FOUND" | "BAD_SIGNATURE" | "REVOKED" | "SUSPENDED" | "EXPIRED" | "PRODUCT_MISMATCH" | "ENTITLEMENTS_MISSING" | "TOO_MANY_MACHINES" | "NO_MACHINE" | "FINGERPRINT_MISMATCH" | "HEARTBEAT_DEAD";
                            detail: string;
                            license: {
                                /** Format: date-time */
                                created_at: string;
                                entitlements: string[];
                                expires_at: string | null;
                                id: string;
                                key_hint: string;
                                last_check_in_at: string | null;
                                max_machines: number | null;
                                /** @description Free-form JSON, not secret. */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                owner: {
                                    id: string;
                                    type: "tenant" | "user" | "customer";
                                };
                                policy_id: string;
                                product_id: string;
                                status: "active" | "suspended" | "revoked" | "expired";
                                /** Format: date-time */
                                updated_at: string;
                            } | null;
                            /** @description Machines holding a seat on the license. */
                            machine_count: number;
                            /** @description The machine matched by `fingerprint` (zero or one). The full list is GET /v1/licenses/{id}/machines. */
                            machines: {
                                /** @description False once the policy heartbeat interval passed without a heartbeat. */
                                alive: boolean;
                                /** Format: date-time */
                                created_at: string;
                                fingerprint: string;
                                id: string;
                                last_heartbeat_at: string | null;
                                license_id: string;
                                name: string | null;
                                platform: string | null;
                            }[];
                            valid: boolean;
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
    "/v1/machines/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** @description Requires scope `licensing:admin`. */
        delete: {
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
                /** @description No content. */
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
    "/v1/machines/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
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
                        fingerprint: string;
                        /** @description The license key (BWL1.…). */
                        key: string;
                        name?: string;
                        platform?: string;
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
                            /** @description False once the policy heartbeat interval passed without a heartbeat. */
                            alive: boolean;
                            /** Format: date-time */
                            created_at: string;
                            fingerprint: string;
                            id: string;
                            last_heartbeat_at: string | null;
                            license_id: string;
                            name: string | null;
                            platform: string | null;
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
                /** @description The license refuses this (`license_code`: REVOKED, SUSPENDED, EXPIRED, BAD_SIGNATURE…). */
                403: {
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/machines/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
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
                        fingerprint: string;
                        /** @description The license key (BWL1.…). */
                        key: string;
                    };
                };
            };
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
                /** @description The license refuses this (`license_code`: REVOKED, SUSPENDED, EXPIRED, BAD_SIGNATURE…). */
                403: {
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
                /** @description Not found (or owned by another tenant). */
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
    "/v1/machines/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
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
                        fingerprint: string;
                        /** @description The license key (BWL1.…). */
                        key: string;
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
                            /** @description False once the policy heartbeat interval passed without a heartbeat. */
                            alive: boolean;
                            /** Format: date-time */
                            created_at: string;
                            fingerprint: string;
                            id: string;
                            last_heartbeat_at: string | null;
                            license_id: string;
                            name: string | null;
                            platform: string | null;
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
                /** @description The license refuses this (`license_code`: REVOKED, SUSPENDED, EXPIRED, BAD_SIGNATURE…). */
                403: {
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `licensing:read` or `licensing:admin`. */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    product_id?: string;
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
                                /** Format: date-time */
                                created_at: string;
                                dead_machine_strategy: "keep" | "deactivate";
                                duration_seconds: number | null;
                                entitlements: string[];
                                file_ttl_seconds: number;
                                grace_period_seconds: number;
                                heartbeat_interval_seconds: number | null;
                                id: string;
                                machine_mode: "floating" | "node_locked";
                                max_machines: number | null;
                                /** @description Free-form JSON, not secret. */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                offline_allowed: boolean;
                                overage_machines: number;
                                product_id: string;
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
                /** @description The credential lacks the scope `licensing:read` or `licensing:admin`. */
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
        /** @description Requires scope `licensing:admin`. */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        dead_machine_strategy?: "keep" | "deactivate";
                        duration_seconds?: number | null;
                        entitlements?: string[];
                        file_ttl_seconds?: number;
                        grace_period_seconds?: number;
                        heartbeat_interval_seconds?: number | null;
                        machine_mode?: "floating" | "node_locked";
                        max_machines?: number | null;
                        /** @description Free-form JSON, not secret. */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name: string;
                        offline_allowed?: boolean;
                        overage_machines?: number;
                        product_id: string;
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
                            /** Format: date-time */
                            created_at: string;
                            dead_machine_strategy: "keep" | "deactivate";
                            duration_seconds: number | null;
                            entitlements: string[];
                            file_ttl_seconds: number;
                            grace_period_seconds: number;
                            heartbeat_interval_seconds: number | null;
                            id: string;
                            machine_mode: "floating" | "node_locked";
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
                            offline_allowed: boolean;
                            overage_machines: number;
                            product_id: string;
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `licensing:read` or `licensing:admin`. */
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
                            /** Format: date-time */
                            created_at: string;
                            dead_machine_strategy: "keep" | "deactivate";
                            duration_seconds: number | null;
                            entitlements: string[];
                            file_ttl_seconds: number;
                            grace_period_seconds: number;
                            heartbeat_interval_seconds: number | null;
                            id: string;
                            machine_mode: "floating" | "node_locked";
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
                            offline_allowed: boolean;
                            overage_machines: number;
                            product_id: string;
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
                /** @description The credential lacks the scope `licensing:read` or `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
         * @description Deletes a policy no license was issued under (409 otherwise).
         *
         *     Requires scope `licensing:admin`.
         */
        delete: {
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
                /** @description No content. */
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
        options?: never;
        head?: never;
        /**
         * @description Changes a policy. Product and machine_mode cannot change. Keys already issued are not re-signed: online validation and new files use the new settings, a key's own claims stay as issued.
         *
         *     Requires scope `licensing:admin`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        dead_machine_strategy?: "keep" | "deactivate";
                        duration_seconds?: number | null;
                        entitlements?: string[];
                        file_ttl_seconds?: number;
                        grace_period_seconds?: number;
                        heartbeat_interval_seconds?: number | null;
                        /** @description Cannot change: create a new policy. */
                        machine_mode?: unknown;
                        max_machines?: number | null;
                        /** @description Free-form JSON, not secret. */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name?: string;
                        offline_allowed?: boolean;
                        overage_machines?: number;
                        /** @description Cannot change: create a policy for the other product. */
                        product_id?: unknown;
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
                            /** Format: date-time */
                            created_at: string;
                            dead_machine_strategy: "keep" | "deactivate";
                            duration_seconds: number | null;
                            entitlements: string[];
                            file_ttl_seconds: number;
                            grace_period_seconds: number;
                            heartbeat_interval_seconds: number | null;
                            id: string;
                            machine_mode: "floating" | "node_locked";
                            max_machines: number | null;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
                            offline_allowed: boolean;
                            overage_machines: number;
                            product_id: string;
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
    "/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `licensing:read` or `licensing:admin`. */
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
                                /** Format: date-time */
                                created_at: string;
                                id: string;
                                /** @description Free-form JSON, not secret. */
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
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
                /** @description The credential lacks the scope `licensing:read` or `licensing:admin`. */
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
        /** @description Requires scope `licensing:admin`. */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Free-form JSON, not secret. */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name: string;
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
                            /** Format: date-time */
                            created_at: string;
                            id: string;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
    "/v1/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Requires scope `licensing:read` or `licensing:admin`. */
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
                            /** Format: date-time */
                            created_at: string;
                            id: string;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
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
                /** @description The credential lacks the scope `licensing:read` or `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
        /** @description Requires scope `licensing:admin`. */
        delete: {
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
                /** @description No content. */
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
                /** @description Conflicts with the current state; `license_code` says why when it is a licensing refusal. */
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
        options?: never;
        head?: never;
        /** @description Requires scope `licensing:admin`. */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Free-form JSON, not secret. */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name?: string;
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
                            /** Format: date-time */
                            created_at: string;
                            id: string;
                            /** @description Free-form JSON, not secret. */
                            metadata: {
                                [key: string]: unknown;
                            };
                            name: string;
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
                /** @description The credential lacks the scope `licensing:admin`. */
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
                /** @description Not found (or owned by another tenant). */
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
