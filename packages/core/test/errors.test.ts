import { describe, expect, it } from 'vitest';
import {
  ERROR_STATUS,
  InsufficientScopeError,
  NotFoundError,
  ValidationError,
  problemFromDomainError,
} from '../src/index.js';

describe('errors', () => {
  it('maps every code to a 4xx/5xx status', () => {
    for (const status of Object.values(ERROR_STATUS)) expect(status).toBeGreaterThanOrEqual(400);
  });

  it('renders RFC 9457 problem details with code and request id', () => {
    const problem = problemFromDomainError(new NotFoundError('Agent', 'agt_x'), 'req_1');
    expect(problem).toMatchObject({
      status: 404,
      code: 'not_found',
      title: 'Not Found',
      detail: 'Agent agt_x was not found.',
      request_id: 'req_1',
      type: 'https://bulwark.dev/problems/not-found',
    });
  });

  it('lists offending fields for validation errors', () => {
    const problem = problemFromDomainError(
      new ValidationError('Invalid body', [{ field: '/body/scope', message: 'must be a string' }]),
      'req_2',
    );
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([{ field: '/body/scope', message: 'must be a string' }]);
  });

  it('names the missing scope', () => {
    const problem = problemFromDomainError(new InsufficientScopeError('audit:read', ['email']), 'r');
    expect(problem.status).toBe(403);
    expect(problem.required_scope).toBe('audit:read');
    expect(problem.detail).toContain('audit:read');
  });
});
