import { Controller, Get } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiOkResponse, ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PageType } from './page.dto.js';

class WidgetDto {
  @ApiProperty()
  id: string;
}

class GadgetDto {
  @ApiProperty()
  id: string;
}

@Controller('widgets')
class WidgetsController {
  @Get()
  @ApiOkResponse({ type: PageType(WidgetDto) })
  list() {
    return { items: [], nextCursor: null };
  }
}

@Controller('more-widgets')
class MoreWidgetsController {
  @Get()
  @ApiOkResponse({ type: PageType(WidgetDto) })
  list() {
    return { items: [], nextCursor: null };
  }
}

@Controller('gadgets')
class GadgetsController {
  @Get()
  @ApiOkResponse({ type: PageType(GadgetDto) })
  list() {
    return { items: [], nextCursor: null };
  }
}

describe('PageType', () => {
  it('makes one class per item type, named after the item', () => {
    expect(PageType(WidgetDto)).toBe(PageType(WidgetDto));
    expect(PageType(GadgetDto)).not.toBe(PageType(WidgetDto));
    expect(PageType(WidgetDto).name).toBe('WidgetPageDto');
  });

  it('documents { items, nextCursor } once per item type, every list of those items referring to it', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [WidgetsController, MoreWidgetsController, GadgetsController] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      const schemaOf = (path: string) =>
        (doc.paths[path]!.get!.responses['200'] as { content: Record<string, { schema: unknown }> }).content['application/json']!.schema;
      expect(schemaOf('/widgets')).toEqual({ $ref: '#/components/schemas/WidgetPageDto' });
      expect(schemaOf('/more-widgets')).toEqual({ $ref: '#/components/schemas/WidgetPageDto' });
      expect(schemaOf('/gadgets')).toEqual({ $ref: '#/components/schemas/GadgetPageDto' });
      expect(doc.components!.schemas!.WidgetPageDto).toEqual({
        type: 'object',
        properties: {
          items: { type: 'array', items: { $ref: '#/components/schemas/WidgetDto' } },
          nextCursor: { type: 'string', nullable: true, description: expect.any(String) },
        },
        required: ['items', 'nextCursor'],
      });
    } finally {
      await app.close();
    }
  });
});
