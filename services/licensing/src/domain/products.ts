import { ConflictError, NotFoundError, publicId } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { findProduct } from '../db/queries.js';
import { type ProductRow, type ProductView, productView } from '../db/rows.js';
import { type Ctx, SCOPE_ADMIN, SCOPE_READ, audit, requireScope } from './context.js';
import { idempotent } from './idempotency.js';
import { type Page, type PageInput, decodeCursor, pageLimit, toPage } from './pagination.js';

export interface CreateProductInput {
  name: string;
  metadata?: Record<string, unknown> | undefined;
  idempotencyKey?: string | undefined;
}

export async function createProduct(ctx: Ctx, input: CreateProductInput): Promise<ProductView> {
  const admin = requireScope(ctx, SCOPE_ADMIN);
  const tenantId = admin.actor.tenantId;
  return withTransaction(ctx.pool, async (client) => {
    const { value } = await idempotent(
      client,
      {
        tenantId,
        key: input.idempotencyKey,
        operation: 'product.create',
        request: { name: input.name, metadata: input.metadata },
      },
      async () => {
        const { rows } = await client.query<ProductRow>(
          'INSERT INTO products (id, tenant_id, name, metadata, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING *',
          [
            publicId('product', ctx.clock.nowMs()),
            tenantId,
            input.name,
            input.metadata ?? {},
            ctx.clock.now(),
          ],
        );
        const view = productView(rows[0] as ProductRow);
        await audit(client, ctx, {
          action: 'licensing.product.create',
          target: { type: 'product', id: view.id },
          tenantId,
          changes: { before: null, after: view },
        });
        return view;
      },
    );
    return value;
  });
}

export async function getProduct(ctx: Ctx, id: string): Promise<ProductView> {
  const reader = requireScope(ctx, SCOPE_READ);
  const row = await findProduct(ctx.pool, reader.actor.tenantId, id);
  if (!row) throw new NotFoundError('Product', id);
  return productView(row);
}

export async function listProducts(ctx: Ctx, page: PageInput): Promise<Page<ProductView>> {
  const reader = requireScope(ctx, SCOPE_READ);
  const limit = pageLimit(page.limit);
  const { rows } = await ctx.pool.query<ProductRow>(
    'SELECT * FROM products WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3',
    [reader.actor.tenantId, decodeCursor(page.cursor), limit + 1],
  );
  return toPage(rows.map(productView), limit);
}

export async function updateProduct(
  ctx: Ctx,
  id: string,
  input: { name?: string | undefined; metadata?: Record<string, unknown> | undefined },
): Promise<ProductView> {
  const admin = requireScope(ctx, SCOPE_ADMIN);
  const tenantId = admin.actor.tenantId;
  return withTransaction(ctx.pool, async (client) => {
    const before = await client.query<ProductRow>(
      'SELECT * FROM products WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenantId, id],
    );
    const row = before.rows[0];
    if (!row) throw new NotFoundError('Product', id);
    const { rows } = await client.query<ProductRow>(
      'UPDATE products SET name = $2, metadata = $3, updated_at = $4 WHERE id = $1 RETURNING *',
      [id, input.name ?? row.name, input.metadata ?? row.metadata, ctx.clock.now()],
    );
    const view = productView(rows[0] as ProductRow);
    await audit(client, ctx, {
      action: 'licensing.product.update',
      target: { type: 'product', id },
      tenantId,
      changes: { before: productView(row), after: view },
    });
    return view;
  });
}

export async function deleteProduct(ctx: Ctx, id: string): Promise<void> {
  const admin = requireScope(ctx, SCOPE_ADMIN);
  const tenantId = admin.actor.tenantId;
  await withTransaction(ctx.pool, async (client) => {
    const row = await findProduct(client, tenantId, id);
    if (!row) throw new NotFoundError('Product', id);
    const used = await client.query('SELECT 1 FROM policies WHERE product_id = $1 LIMIT 1', [id]);
    if (used.rowCount !== 0) throw new ConflictError('The product still has policies; delete them first.');
    await client.query('DELETE FROM products WHERE id = $1', [id]);
    await audit(client, ctx, {
      action: 'licensing.product.delete',
      target: { type: 'product', id },
      tenantId,
      changes: { before: productView(row), after: null },
    });
  });
}
