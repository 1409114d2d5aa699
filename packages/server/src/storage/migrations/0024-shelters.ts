import { type Kysely, sql } from 'kysely';

// Shelters, beds and placements (issue 7, docs/decisions, shelters). The server keeps
// codes, bed labels, which case is in which bed and when — for occupancy and to refuse a
// bed taken twice; addresses, rules and contacts are sealed to the shelter team, and an
// accepted placement's copy of the address to the requesting team.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shelter')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('team.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('team_key_version', 'integer', (c) => c.notNull())
    .addColumn('sealed_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shelter_team').on('shelter').column('team_id').execute();

  await db.schema
    .createTable('shelter_bed')
    .addColumn('shelter_id', 'text', (c) => c.notNull().references('shelter.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('shelter_bed_pk', ['shelter_id', 'id'])
    .execute();

  await db.schema
    .createTable('shelter_placement')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shelter_id', 'text', (c) => c.notNull().references('shelter.id'))
    // No foreign key to the case (as for infiltrator marks): burning a case must delete
    // its placements by case id too.
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('requesting_team_id', 'text', (c) => c.notNull().references('team.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bed_id', 'text')
    .addColumn('from_day', 'text', (c) => c.notNull())
    .addColumn('to_day', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('address_team_key_version', 'integer')
    .addColumn('address_sealed_key', 'text')
    .addColumn('address_payload', 'text')
    .addColumn('address_signature', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('shelter_placement_shelter')
    .on('shelter_placement')
    .columns(['shelter_id', 'status'])
    .execute();
  await db.schema
    .createIndex('shelter_placement_case')
    .on('shelter_placement')
    .column('case_id')
    .execute();
  // Two open-ended stays in one bed always overlap: the database itself refuses the
  // second, whatever the service's check (which covers stays with an end) missed.
  await db.schema
    .createIndex('shelter_placement_open_bed')
    .on('shelter_placement')
    .columns(['shelter_id', 'bed_id'])
    .unique()
    .where(sql<boolean>`status = 'accepted' and to_day is null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('shelter_placement').execute();
  await db.schema.dropTable('shelter_bed').execute();
  await db.schema.dropTable('shelter').execute();
}
